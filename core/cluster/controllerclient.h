// A cluster whose controller is another process (`qualcluster cluster start`, or one the window
// started): found through the ClusterRegistry by profile, reached over its user-only socket.
#pragma once

#include "cluster.h"
#include "clusterregistry.h"
#include "protocol/frame.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QTimer>

class QLocalSocket;

namespace qc {

struct EngineSnapshot;

class ControllerClient : public Cluster
{
    Q_OBJECT

public:
    static constexpr int kLaunchTimeoutMs = 30000;

    explicit ControllerClient(QString profile = QStringLiteral("default"), ClusterRegistry registry = ClusterRegistry(),
                              QObject *parent = nullptr);
    ~ControllerClient() override;

    QString profile() const { return m_profile; }
    // Leaves the current cluster (it keeps running) and attaches to `profile`'s, if it runs.
    void setProfile(const QString &profile);
    // Attaches to the profile's running cluster. False, with errorString(), when none runs or its
    // state cannot be used; `attached` follows once the controller has admitted this client.
    bool attach();
    void detach();
    bool isAttached() const { return m_admitted; }
    const ClusterRecord &record() const { return m_record; }
    // A cluster started from here stops when process `pid` ends (0: it keeps running). Applies to
    // the attached cluster at once, and to the next one start() launches; attaching to a cluster
    // never changes its owner.
    void setOwnerPid(qint64 pid);
    // The qualcluster program that runs controllers; by default the one beside this program.
    void setControllerProgram(const QString &program) { m_program = program; }

    bool isRunning() const override { return m_admitted || m_launchPid != 0; }
    QList<EngineInfo> engines() const override { return m_engines; }
    // A controller launched and not yet attached has engines to come, though none is listed yet.
    bool isStarting() const override { return m_launchPid != 0 || hasStartingEngines(); }
    // Starts the profile's controller as a background process with `count` engines.
    bool start(int count) override;
    void setEngineCount(int count) override;
    // Asks the controller to stop; returns at once (`detached` follows).
    void stop() override;
    QString errorString() const override { return m_error; }
    void submit(quint64 runId, Dispatch dispatch, const QList<AnalysisTask> &tasks) override;
    void cancel(quint64 runId, int graceMs) override;
    // Why dead engines are no longer replaced, as the controller says; empty otherwise.
    QString notice() const { return m_notice; }

    // For the command line: wait in a local event loop.
    bool waitForAttached(int ms);
    bool waitForReady(int ms);

signals:
    void attached();
    void detached(const QString &reason);

private:
    void handleConnected();
    void handleReadyRead();
    void handleDisconnected();
    void decodeResult(const QCborMap &message);
    void applySnapshot(const EngineSnapshot &snapshot);
    void pollLaunch();
    void send(const QCborMap &message);
    void fail(const QString &message);

    QString m_profile;
    ClusterRegistry m_registry;
    QString m_program;
    ClusterRecord m_record;
    QLocalSocket *m_socket = nullptr;
    FrameReader m_reader;
    bool m_admitted = false;
    bool m_readySeen = false;
    QString m_stopReason; // what the controller said as it stopped
    QString m_error;
    QString m_notice;
    QList<EngineInfo> m_engines;
    // A run's tasks reach the controller in windows of files, topped up as results come in, so
    // that the controller holds a bounded share of a big run's file list (at 30 times the bench's
    // large set, 345,600 paths sent at once took the controller from 27 to 116 MB).
    struct SubmittedRun
    {
        Dispatch dispatch = Dispatch::Balanced;
        QList<AnalysisTask> waiting; // not sent yet
        QHash<quint64, qsizetype> sent; // task id -> its files, sent and not back
        qsizetype sentFiles = 0;
    };
    void sendWindow(quint64 runId);
    void taskCameBack(quint64 runId, quint64 taskId);
    QHash<quint64, SubmittedRun> m_runs; // submitted and not all in
    qint64 m_ownerPid = 0;
    qint64 m_launchPid = 0; // a controller being started, until it is attached
    QElapsedTimer m_launchClock;
    QTimer m_launchPoll;
};

} // namespace qc
