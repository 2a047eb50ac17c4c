#include "scalingstudy.h"

#include "cluster/localcluster.h"
#include "cluster/runcontroller.h"
#include "history/runrecorder.h"

#include <QThread>

#include <algorithm>

namespace qc {

namespace {

int aliveEngines(const Cluster &cluster)
{
    const QList<EngineInfo> all = cluster.engines();
    return int(std::count_if(all.begin(), all.end(), [](const EngineInfo &e) {
        return e.state != EngineState::Exited && e.state != EngineState::Stopping;
    }));
}

} // namespace

ScalingStudy::ScalingStudy(QObject *parent)
    : QObject(parent)
    , m_engineProgram(LocalCluster::defaultEngineProgram())
{
    m_scaleTimeout.setSingleShot(true);
    m_scaleTimeout.setInterval(kScaleTimeoutMs);
    connect(&m_scaleTimeout, &QTimer::timeout, this, [this] {
        fail(tr("The cluster did not reach %1 engines within %2 s.")
                 .arg(m_counts.value(m_countIndex))
                 .arg(kScaleTimeoutMs / 1000));
    });
}

QList<int> ScalingStudy::defaultEngineCounts()
{
    const int cores = std::max(QThread::idealThreadCount(), 1);
    QList<int> counts;
    for (int n = 1; n <= cores; n *= 2)
        counts.append(n);
    if (counts.constLast() != cores)
        counts.append(cores);
    return counts;
}

std::optional<QList<int>> ScalingStudy::parseEngineCounts(const QString &text)
{
    QList<int> counts;
    for (const QString &word : text.split(u',')) {
        bool ok = false;
        const int n = word.trimmed().toInt(&ok);
        if (!ok || n < 1 || n > kMaxEngines || counts.contains(n))
            return std::nullopt;
        counts.append(n);
    }
    return counts;
}

void ScalingStudy::setRecordInHistory(bool record, const QString &path)
{
    m_recordHistory = record;
    m_historyPath = path;
}

ScalingStudy::~ScalingStudy()
{
    if (m_active)
        stopAll();
}

void ScalingStudy::start(const QList<Sample> &samples, const QList<int> &engineCounts, int repeats, Cluster *cluster,
                         const Profile &profile)
{
    if (m_active)
        return;
    if (samples.isEmpty() || engineCounts.isEmpty() || repeats < 1) {
        emit failed(tr("A scaling study needs folders to analyse, engine counts and at least one run of each."));
        return;
    }
    m_samples = samples;
    m_counts = engineCounts;
    m_repeats = repeats;
    m_profile = profile;
    m_shared = cluster && cluster->isRunning() ? cluster : nullptr;
    m_sharedCount = m_shared ? aliveEngines(*m_shared) : 0;
    m_result = {};
    m_result.started = QDateTime::currentDateTimeUtc();
    m_result.profile = profile.name;
    m_result.repeats = repeats;
    for (const Sample &sample : samples)
        m_result.folders.append(sample.path);
    m_countIndex = -1;
    m_repeat = 0;
    m_done = 0;
    m_active = true;
    // From the event loop, so that a caller connects to the first progress after start() returns.
    QTimer::singleShot(0, this, &ScalingStudy::next);
}

Cluster *ScalingStudy::currentCluster() const
{
    if (m_countIndex < 0)
        return nullptr; // the serial baseline runs in this process
    return m_own ? static_cast<Cluster *>(m_own.get()) : m_shared.data();
}

void ScalingStudy::next()
{
    if (!m_active)
        return;
    if (m_repeat < m_repeats) {
        runOnce();
        return;
    }
    releaseCluster();
    ++m_countIndex;
    m_repeat = 0;
    if (m_countIndex == m_counts.size())
        finish();
    else
        prepareCount();
}

void ScalingStudy::prepareCount()
{
    const int engines = m_counts[m_countIndex];
    m_result.points.append(ScalingPoint{});
    m_result.points.last().engines = engines;
    if (!m_shared) {
        // A cluster of this count's own: the run controller starts it, and the run's own
        // measure of that start is kept apart from the wall time.
        m_own = std::make_unique<LocalCluster>(nullptr, m_engineProgram);
        m_own->setProfile(m_profile);
        runOnce();
        return;
    }
    if (!m_shared->isRunning())
        return fail(tr("The cluster stopped during the scaling study."));
    m_scaling = true;
    m_scaleClock.start();
    m_scaleTimeout.start();
    m_scaleWatch[0] = connect(m_shared, &Cluster::engineAdded, this, &ScalingStudy::checkScaled);
    m_scaleWatch[1] = connect(m_shared, &Cluster::engineChanged, this, &ScalingStudy::checkScaled);
    m_scaleWatch[2] = connect(m_shared, &Cluster::engineRemoved, this, &ScalingStudy::checkScaled);
    m_shared->setEngineCount(engines);
    checkScaled();
}

// The count is reached when that many engines take work and none is still starting or stopping.
void ScalingStudy::checkScaled()
{
    if (!m_scaling || !m_shared)
        return;
    const int engines = m_counts[m_countIndex];
    if (m_shared->connectedCount() != engines || aliveEngines(*m_shared) != engines || m_shared->hasStartingEngines())
        return;
    m_scaling = false;
    m_scaleTimeout.stop();
    for (const auto &watch : m_scaleWatch)
        disconnect(watch);
    m_result.points.last().startupSeconds = double(m_scaleClock.nsecsElapsed()) / 1e9;
    runOnce();
}

void ScalingStudy::runOnce()
{
    const bool serial = m_countIndex < 0;
    const int engines = serial ? 1 : m_counts[m_countIndex];
    const int total = m_repeats * int(m_counts.size() + 1);
    const QString what = serial ? tr("serial baseline") : engines == 1 ? tr("1 engine") : tr("%1 engines").arg(engines);
    emit progress(tr("%1, run %2 of %3").arg(what).arg(m_repeat + 1).arg(m_repeats), m_done, total);

    m_controller = std::make_unique<RunController>(currentCluster());
    connect(m_controller.get(), &RunController::warning, this, &ScalingStudy::warning);
    connect(m_controller.get(), &RunController::runFailed, this, &ScalingStudy::fail);
    connect(m_controller.get(), &RunController::runFinished, this, [this](const RunResult &result) {
        if (!result.runErrors.isEmpty())
            return fail(tr("Part of the analysis failed (%1), so its time would not compare with the others.")
                            .arg(result.runErrors.constFirst().message));
        const double wall = result.timing.wallSeconds;
        const double startup = result.timing.startupSeconds;
        recordInHistory(result, [this, wall, startup] { handleRunFinished(wall, startup); });
    });
    m_runStartedAt = QDateTime::currentDateTimeUtc();
    m_controller->run(m_samples, serial ? RunMode::Serial : RunMode::Balanced, engines, false);
}

void ScalingStudy::handleRunFinished(double wallSeconds, double startupSeconds)
{
    if (m_countIndex < 0) {
        m_result.serialSeconds.append(wallSeconds);
    } else {
        ScalingPoint &point = m_result.points.last();
        point.wallSeconds.append(wallSeconds);
        if (m_own && m_repeat == 0)
            point.startupSeconds = startupSeconds;
    }
    ++m_repeat;
    ++m_done;
    // The controller (and the cluster, if it goes next) emitted this: both go once control is
    // back in the event loop.
    m_controller.release()->deleteLater();
    QTimer::singleShot(0, this, &ScalingStudy::next);
}

void ScalingStudy::recordInHistory(RunResult run, const std::function<void()> &then)
{
    if (!m_recordHistory)
        return then();
    const bool serial = m_countIndex < 0;
    if (!serial && !m_result.serialSeconds.isEmpty())
        run.timing.serialSeconds = median(m_result.serialSeconds); // the study's own baseline
    RunContext context;
    context.source = QStringLiteral("scale");
    context.startedAt = m_runStartedAt;
    context.finishedAt = QDateTime::currentDateTimeUtc();
    if (!serial) {
        context.profile = m_profile.name;
        context.launcher = m_profile.launcher;
    }
    describeOutcome(run, context);
    // Off this thread, so the window stays live (about 0.1 s for a run of the large set), and
    // before the next run, so it is never timed.
    recordRunInBackground(
        std::move(run), std::move(context), this,
        [this, then](qint64 id, const QStringList &messages) {
            if (!m_active)
                return; // cancelled or failed meanwhile
            if (id == 0) {
                // Said once: the study goes on, its other runs are not recorded either.
                m_recordHistory = false;
                emit warning(
                    tr("%1 The scaling study's runs are not recorded in the history.").arg(messages.join(u' ')));
            } else if (!messages.isEmpty()) {
                emit warning(messages.join(u' '));
            }
            then();
        },
        m_historyPath);
}

void ScalingStudy::finish()
{
    if (m_shared && m_sharedCount > 0)
        m_shared->setEngineCount(m_sharedCount);
    m_active = false;
    completeScalingResult(m_result);
    const int total = m_repeats * int(m_counts.size() + 1);
    emit progress(tr("done"), total, total);
    emit finished(m_result);
}

void ScalingStudy::releaseCluster()
{
    if (m_own) {
        m_own->stop();
        m_own.release()->deleteLater();
    }
}

void ScalingStudy::fail(const QString &reason)
{
    if (!m_active)
        return;
    stopAll();
    emit failed(reason);
}

void ScalingStudy::cancel()
{
    if (!m_active)
        return;
    stopAll();
    emit cancelled();
}

void ScalingStudy::stopAll()
{
    m_active = false;
    m_scaling = false;
    m_scaleTimeout.stop();
    for (const auto &watch : m_scaleWatch)
        disconnect(watch);
    if (m_controller) {
        m_controller->disconnect(this);
        m_controller->cancel();
        m_controller.release()->deleteLater();
    }
    releaseCluster();
    if (m_shared && m_sharedCount > 0)
        m_shared->setEngineCount(m_sharedCount);
}

} // namespace qc
