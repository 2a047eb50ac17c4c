#include "runcontroller.h"

#include "cluster.h"

namespace qc {

RunController::RunController(Cluster *cluster, QObject *parent)
    : QObject(parent)
{
    m_startTimeout.setSingleShot(true);
    m_startTimeout.setInterval(kEngineStartTimeoutMs);
    connect(&m_startTimeout, &QTimer::timeout, this, &RunController::handleClusterReady);
    setCluster(cluster);
}

RunController::~RunController() = default;

void RunController::setCluster(Cluster *cluster)
{
    if (isRunning() || cluster == m_cluster)
        return;
    disconnect(m_readyConnection);
    m_cluster = cluster;
    if (m_cluster)
        m_readyConnection = connect(m_cluster, &Cluster::ready, this, &RunController::handleClusterReady);
}

void RunController::run(const QList<Sample> &samples, RunMode mode, int workers, bool compareSerial)
{
    if (isRunning())
        return;
    if (samples.isEmpty()) {
        emit runFailed(tr("There are no folders to analyse: add folders first."));
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

    if (usesEngines(mode) && (!m_cluster || m_cluster->connectedCount() == 0)) {
        if (!m_cluster) {
            emit runFailed(tr("There is no cluster to run on."));
            return;
        }
        m_waitingForEngines = true;
        m_startupClock.start();
        m_startTimeout.start();
        if (m_cluster->isRunning() && !m_cluster->isStarting())
            return fail(tr("The cluster has no engine that can take work."));
        if (!m_cluster->isRunning() && !m_cluster->start(m_workers))
            return fail(m_cluster->errorString());
        return; // handleClusterReady goes on
    }
    startPhase(mode);
}

void RunController::fail(const QString &reason)
{
    m_waitingForEngines = false;
    m_startTimeout.stop();
    emit runFailed(reason);
}

void RunController::handleClusterReady()
{
    if (!m_waitingForEngines)
        return;
    m_waitingForEngines = false;
    m_startTimeout.stop();
    m_startupSeconds = double(m_startupClock.nsecsElapsed()) / 1e9;
    const int connected = m_cluster ? m_cluster->connectedCount() : 0;
    if (connected == 0) {
        if (m_cluster && !m_cluster->errorString().isEmpty())
            emit runFailed(tr("No engine could start. %1").arg(m_cluster->errorString()));
        else
            emit runFailed(tr("No engine connected within %1 s. Is qualcluster-engine installed beside qualcluster?")
                               .arg(kEngineStartTimeoutMs / 1000));
        return;
    }
    if (connected < m_workers)
        emit warning(tr("Only %1 of %2 engines started; going on with those.").arg(connected).arg(m_workers));
    startPhase(m_mode);
}

void RunController::startPhase(RunMode mode)
{
    m_run = std::make_unique<AnalysisRun>(mode, m_samples, m_tasks, m_cluster, m_workers);
    connect(m_run.get(), &AnalysisRun::taskFinished, this, [this, mode](const TaskResult &result, int done, int total) {
        emit progress(runModeName(mode), done, total, result);
    });
    connect(m_run.get(), &AnalysisRun::finished, this, &RunController::handlePhaseFinished);
    connect(m_run.get(), &AnalysisRun::failed, this, [this](const QString &reason) {
        m_run.release()->deleteLater();
        m_mainResult.reset();
        emit runFailed(reason);
    });
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
    m_startTimeout.stop();
    if (m_run) {
        m_run->cancel();
        m_run.release()->deleteLater(); // its late results go nowhere
    }
    m_mainResult.reset();
    emit runCancelled();
}

} // namespace qc
