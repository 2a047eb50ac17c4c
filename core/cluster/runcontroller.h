// Runs analyses for the desktop app: starts the cluster on demand, chains the serial comparison,
// and drops the results of a cancelled run.
#pragma once

#include "analysisrun.h"
#include "localcluster.h"

#include <QElapsedTimer>
#include <QObject>

#include <memory>

namespace qc {

class RunController : public QObject
{
    Q_OBJECT

public:
    explicit RunController(LocalCluster *cluster, QObject *parent = nullptr);
    ~RunController() override;

    bool isRunning() const { return m_run != nullptr || m_waitingForEngines; }
    // `workers` engines are started first when an engine mode finds the cluster stopped.
    void run(const QList<Sample> &samples, RunMode mode, int workers, bool compareSerial);
    void cancel();

signals:
    void runStarted(int totalTasks);
    // `phase` is the mode being run: the serial comparison reports progress of its own.
    void progress(const QString &phase, int done, int total, const qc::TaskResult &last);
    void runFinished(const qc::RunResult &result);
    void runCancelled();
    void runFailed(const QString &reason);

private:
    void startPhase(RunMode mode);
    void handlePhaseFinished(const RunResult &result);
    void handleClusterReady();

    LocalCluster *m_cluster;
    std::unique_ptr<AnalysisRun> m_run;
    QList<Sample> m_samples;
    QList<AnalysisTask> m_tasks;
    RunMode m_mode = RunMode::Balanced;
    int m_workers = 1;
    bool m_compareSerial = false;
    bool m_waitingForEngines = false;
    double m_startupSeconds = 0;
    QElapsedTimer m_startupClock;
    std::optional<RunResult> m_mainResult; // kept while the serial comparison runs
};

} // namespace qc
