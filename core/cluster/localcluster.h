// A cluster of engine processes on this machine, in this process: starts them, admits their
// connections, hands them the runs' tasks through a TaskScheduler, replaces those that die.
#pragma once

#include "cluster.h"
#include "protocol/frame.h"
#include "taskscheduler.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QString>
#include <QTimer>

class QLocalServer;
class QLocalSocket;

namespace qc {

class EngineHandle;

class LocalCluster : public Cluster
{
    Q_OBJECT

public:
    // `engineProgram` is the qualcluster-engine executable; by default the one beside this program.
    explicit LocalCluster(QObject *parent = nullptr, QString engineProgram = {});
    ~LocalCluster() override;

    static QString defaultEngineProgram();

    bool isRunning() const override { return m_server != nullptr; }
    QList<EngineInfo> engines() const override;
    // Starts `count` engines at once.
    bool start(int count) override;
    // Adds or removes engines of a running cluster (idle ones are removed first).
    void setEngineCount(int count) override;
    void stop() override { stop(1000); }
    // Asks every engine to quit, kills those still running after `graceMs`; returns when all ended.
    void stop(int graceMs);
    QString errorString() const override { return m_error; }
    void submit(quint64 runId, Dispatch dispatch, const QList<AnalysisTask> &tasks) override;
    void cancel(quint64 runId, int graceMs) override;

    QString serverName() const;
    EngineHandle *engine(int id) const;
    // Engines that die unexpectedly are replaced (at most 3 in a minute) unless this is off.
    void setAutoRestart(bool on) { m_autoRestart = on; }
    // Why dead engines are no longer replaced, when they are not; empty otherwise.
    QString restartStopReason() const { return m_restartStopReason; }
    // An engine silent for longer than this (hung, or stopped) is killed and replaced.
    void setHeartbeatTimeout(int ms) { m_heartbeatTimeoutMs = ms; }

signals:
    // An engine ended: it died, was killed, or was stopped on purpose.
    void engineExited(int id);

private:
    void addEngine();
    void handleEngineExited(EngineHandle *engine, quint64 unfinishedTask);
    void handleNewConnection();
    void handlePendingData(QLocalSocket *socket);
    void checkReady();
    void replaceDeadEngine(int deadId);
    void checkHeartbeats();
    void dispatch();
    QList<int> workingEngineIds() const;
    QString noEngineReason() const;

    QString m_engineProgram;
    QLocalServer *m_server = nullptr;
    QString m_serverName;
    QByteArray m_secret;
    QString m_error;
    QList<EngineHandle *> m_engines;
    TaskScheduler m_scheduler;
    // Connections that have not yet said a valid hello, with what they have sent so far.
    QHash<QLocalSocket *, FrameReader> m_pending;
    int m_nextId = 0;
    bool m_readyEmitted = false;
    bool m_stopping = false;    // stop() removes every engine itself
    bool m_dispatching = false; // sending a task changes an engine, which asks to dispatch again
    bool m_autoRestart = true;
    int m_heartbeatTimeoutMs = 2000;
    QList<qint64> m_restarts; // when engines were replaced (m_clock), for the cap
    QElapsedTimer m_clock;    // monotonic, for the restart window
    QString m_restartStopReason;
    QTimer m_watchdog;
};

} // namespace qc
