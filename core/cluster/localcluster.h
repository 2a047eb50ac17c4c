// A cluster of engine processes on this machine: starts them, admits their connections, stops them.
#pragma once

#include "analysis/task.h"
#include "engineinfo.h"
#include "protocol/frame.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

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

    // Engines that die unexpectedly are replaced (at most 3 in a minute) unless this is off.
    void setAutoRestart(bool on) { m_autoRestart = on; }
    // Why dead engines are no longer replaced, when they are not; empty otherwise.
    QString restartStopReason() const { return m_restartStopReason; }
    // An engine silent for longer than this (hung, or stopped) is killed and replaced.
    void setHeartbeatTimeout(int ms) { m_heartbeatTimeoutMs = ms; }
    // Engines busy with one of these tasks get `graceMs` to finish before they are killed.
    void abandonTasks(const QSet<quint64> &taskIds, int graceMs);
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
    void replaceDeadEngine(int deadId);
    void checkHeartbeats();

    QString m_engineProgram;
    QLocalServer *m_server = nullptr;
    QString m_serverName;
    QByteArray m_secret;
    QString m_error;
    QList<EngineHandle *> m_engines;
    // Connections that have not yet said a valid hello, with what they have sent so far.
    QHash<QLocalSocket *, FrameReader> m_pending;
    int m_nextId = 0;
    bool m_readyEmitted = false;
    bool m_stopping = false; // stop() removes every engine itself
    bool m_autoRestart = true;
    int m_heartbeatTimeoutMs = 2000;
    QList<qint64> m_restarts; // when engines were replaced, for the cap
    QString m_restartStopReason;
    QTimer m_watchdog;
};

} // namespace qc
