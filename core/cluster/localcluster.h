// A cluster of engine processes on this machine: starts them, admits their connections, stops them.
#pragma once

#include "analysis/task.h"
#include "engineinfo.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

class QLocalServer;
class QLocalSocket;

namespace qc {

class EngineHandle;

class LocalCluster : public QObject
{
    Q_OBJECT

public:
    // `engineProgram` is the qualcluster-engine executable; by default the one beside this program.
    explicit LocalCluster(QObject *parent = nullptr, QString engineProgram = {});
    ~LocalCluster() override;

    static QString defaultEngineProgram();

    // Starts `count` engines at once; `ready` follows when every one has connected or failed.
    bool start(int count);
    // Adds or removes engines of a running cluster (idle ones are removed first).
    void setEngineCount(int count);
    // Asks every engine to quit, kills those still running after `graceMs`; returns when all ended.
    void stop(int graceMs = 1000);

    bool isRunning() const { return m_server != nullptr; }
    QString serverName() const;
    QString errorString() const { return m_error; }
    QList<EngineInfo> engines() const;
    int connectedCount() const;
    EngineHandle *engine(int id) const;
    QList<EngineHandle *> handles() const { return m_engines; }

signals:
    void ready();
    void engineAdded(int id);
    void engineChanged(int id);
    void engineRemoved(int id);
    void engineConnected(int id);
    void engineExited(int id, quint64 unfinishedTask);
    void taskResultReady(int id, const qc::TaskResult &result);
    void errorOccurred(const QString &message);

private:
    void addEngine();
    void handleNewConnection();
    void handlePendingData(QLocalSocket *socket);
    void checkReady();

    QString m_engineProgram;
    QLocalServer *m_server = nullptr;
    QString m_serverName;
    QByteArray m_secret;
    QString m_error;
    QList<EngineHandle *> m_engines;
    int m_nextId = 0;
    bool m_readyEmitted = false;
    bool m_stopping = false; // stop() removes every engine itself
};

} // namespace qc
