// A cluster whose controller is this process: its launcher starts engines (here, over ssh, or as
// Slurm jobs), its listener admits them, a TaskScheduler hands them the runs' tasks, and engines
// that die are replaced.
#pragma once

#include "cluster.h"
#include "launchers/enginelauncher.h"
#include "profilestore.h"
#include "taskscheduler.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QTimer>

#include <memory>

class QIODevice;

namespace qc {

class EngineHandle;
class EngineListener;
class FrameReader;
struct HelloMessage;

class LocalCluster : public Cluster
{
    Q_OBJECT

public:
    // `engineProgram` is the qualcluster-engine executable; by default the one beside this program.
    explicit LocalCluster(QObject *parent = nullptr, QString engineProgram = {});
    ~LocalCluster() override;

    static QString defaultEngineProgram();

    // Where and how engines run (launcher, address, data mode); takes effect at the next start.
    void setProfile(const Profile &profile) { m_profile = profile; }
    const Profile &profile() const { return m_profile; }
    // A launcher of one's own for the next start, instead of the profile's (benchmarks use one
    // that starts engines here but links them over TCP).
    void setLauncher(std::unique_ptr<EngineLauncher> launcher) { m_nextLauncher = std::move(launcher); }
    // What the profile's launcher runs to start `count` engines, for a person to read.
    QString launchScript(int count) const;

    bool isRunning() const override { return m_listener != nullptr; }
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
    // The TCP port remote engines connect to; 0 for local engines.
    quint16 tcpPort() const;
    int droppedConnections() const;
    EngineHandle *engine(int id) const;
    // Engines that die unexpectedly are replaced (at most 3 in a minute) unless this is off.
    void setAutoRestart(bool on) { m_autoRestart = on; }
    // Why dead engines are no longer replaced, when they are not; empty otherwise.
    QString restartStopReason() const { return m_restartStopReason; }
    // For a controller that only passes results on: engines' results stay undecoded (except where
    // a path map must rename their files). Takes effect for engines started after.
    void setForwardResults(bool on) { m_forwardResults = on; }
    // An engine silent for longer than this (hung, or stopped) is killed and replaced.
    void setHeartbeatTimeout(int ms) { m_heartbeatTimeoutMs = ms; }

signals:
    // An engine ended: it died, was killed, or was stopped on purpose.
    void engineExited(int id);

private:
    void addEngines(int count);
    void handleEngineExited(EngineHandle *engine, const QList<quint64> &unfinished);
    QString admit(QIODevice *socket, FrameReader &reader, const HelloMessage &hello);
    LaunchContext launchContext() const;
    void checkReady();
    void replaceDeadEngine(int deadId);
    void checkHeartbeats();
    void dispatch();
    QList<int> workingEngineIds() const;
    QString noEngineReason() const;

    QString m_engineProgram;
    Profile m_profile;
    std::unique_ptr<EngineLauncher> m_launcher;
    std::unique_ptr<EngineLauncher> m_nextLauncher;
    EngineListener *m_listener = nullptr;
    Endpoint m_address; // what remote engines are told to connect to
    QByteArray m_secret;
    QString m_error;
    QList<EngineHandle *> m_engines;
    TaskScheduler m_scheduler;
    QSet<int> m_slowToStart; // engines already said to be slow to start
    int m_nextId = 0;
    bool m_readyEmitted = false;
    bool m_stopping = false; // stop() removes every engine itself
    bool m_dispatching = false; // sending a task changes an engine, which asks to dispatch again
    bool m_autoRestart = true;
    bool m_forwardResults = false;
    int m_heartbeatTimeoutMs = 2000;
    QList<qint64> m_restarts; // when engines were replaced (m_clock), for the cap
    QElapsedTimer m_clock; // monotonic, for the restart window
    QString m_restartStopReason;
    QTimer m_watchdog;
};

} // namespace qc
