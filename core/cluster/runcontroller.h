// The one run path of the window, the command line and scripts: starts the cluster's engines
// when a run needs them and none are up, runs, chains the serial comparison, cancels, times.
#pragma once

#include "analysisrun.h"
#include "cluster.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <optional>

namespace qc {

class RunController : public QObject
{
    Q_OBJECT

public:
    static constexpr int kEngineStartTimeoutMs = 30000;

    explicit RunController(Cluster *cluster, QObject *parent = nullptr);
    ~RunController() override;

    // The cluster later runs go to (a profile chosen in the window); not while a run is going.
    void setCluster(Cluster *cluster);
    Cluster *cluster() const { return m_cluster; }
    bool isRunning() const { return m_run != nullptr || m_waitingForEngines; }
    // `workers` engines are started first when an engine mode finds the cluster stopped; it is
    // also the number of parts big folders are split into.
    void run(const QList<Sample> &samples, RunMode mode, int workers, bool compareSerial);
    void cancel();

signals:
    void runStarted(int totalTasks);
    // `phase` is the mode being run: the serial comparison reports progress of its own.
    void progress(const QString &phase, int done, int total, const qc::TaskResult &last);
    // Worth saying, not worth stopping for ("only 3 of 4 engines started").
    void warning(const QString &message);
    void runFinished(const qc::RunResult &result);
    void runCancelled();
    void runFailed(const QString &reason);

private:
    void startPhase(RunMode mode);
    void handlePhaseFinished(const RunResult &result);
    void handleClusterReady();
    void fail(const QString &reason);

    QPointer<Cluster> m_cluster;
    std::unique_ptr<AnalysisRun> m_run;
    QList<Sample> m_samples;
    QList<AnalysisTask> m_tasks;
    RunMode m_mode = RunMode::Balanced;
    int m_workers = 1;
    bool m_compareSerial = false;
    bool m_waitingForEngines = false;
    double m_startupSeconds = 0;
    QElapsedTimer m_startupClock;
    QTimer m_startTimeout;
    QMetaObject::Connection m_readyConnection;
    std::optional<RunResult> m_mainResult; // kept while the serial comparison runs
};

} // namespace qc
