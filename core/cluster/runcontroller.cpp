#include "runcontroller.h"

#include <QTimer>

namespace qc {

RunController::RunController(LocalCluster *cluster, QObject *parent)
    : QObject(parent)
    , m_cluster(cluster)
{
    connect(m_cluster, &LocalCluster::ready, this, &RunController::handleClusterReady);
}

RunController::~RunController() = default;

void RunController::run(const QList<Sample> &samples, RunMode mode, int workers, bool compareSerial)
{
    if (isRunning())
        return;
    if (samples.isEmpty()) {
        emit runFailed(QStringLiteral("There are no folders to analyse: add folders first."));
        return;
    }
    m_samples = samples;
    m_mode = mode;
    m_workers = std::max(workers, 1);
    m_compareSerial = compareSerial && mode != RunMode::Serial;
    m_tasks = planTasks(m_samples, m_workers);
    m_mainResult.reset();
    m_startupSeconds = 0;
    emit runStarted(int(m_tasks.size()) * (m_compareSerial ? 2 : 1));

    if (usesEngines(mode) && m_cluster->connectedCount() == 0) {
        m_waitingForEngines = true;
        m_startupClock.start();
        if (!m_cluster->isRunning() && !m_cluster->start(m_workers)) {
            m_waitingForEngines = false;
            emit runFailed(m_cluster->errorString());
        }
        return; // handleClusterReady goes on
    }
    startPhase(mode);
}

void RunController::handleClusterReady()
{
    if (!m_waitingForEngines)
        return;
    m_waitingForEngines = false;
    m_startupSeconds = double(m_startupClock.nsecsElapsed()) / 1e9;
    if (m_cluster->connectedCount() == 0) {
        emit runFailed(QStringLiteral("No engine started. Is qualcluster-engine installed beside qualcluster?"));
        return;
    }
    startPhase(m_mode);
}

void RunController::startPhase(RunMode mode)
{
    m_run = std::make_unique<AnalysisRun>(mode, m_samples, m_tasks, m_cluster, m_workers);
    connect(m_run.get(), &AnalysisRun::taskFinished, this, [this, mode](const TaskResult &result, int done, int total) {
        emit progress(runModeName(mode), done, total, result);
    });
    connect(m_run.get(), &AnalysisRun::finished, this, &RunController::handlePhaseFinished);
    // Started from the event loop, so that a run with nothing to do finishes after run() returns.
    QTimer::singleShot(0, m_run.get(), &AnalysisRun::start);
}

void RunController::handlePhaseFinished(const RunResult &result)
{
    // The run object emitted this; it is deleted once control is back in the event loop.
    m_run.release()->deleteLater();
    if (!m_mainResult) {
        m_mainResult = result;
        m_mainResult->timing.startupSeconds = m_startupSeconds;
        if (m_compareSerial) {
            startPhase(RunMode::Serial);
            return;
        }
    } else {
        m_mainResult->timing.serialSeconds = result.timing.wallSeconds;
    }
    RunResult finished = std::move(*m_mainResult);
    m_mainResult.reset();
    emit runFinished(finished);
}

void RunController::cancel()
{
    if (!isRunning())
        return;
    m_waitingForEngines = false;
    if (m_run) {
        m_run->cancel();
        m_run.release()->deleteLater(); // its late results go nowhere
    }
    m_mainResult.reset();
    emit runCancelled();
}

} // namespace qc
