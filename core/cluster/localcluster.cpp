#include "localcluster.h"

#include "enginehandle.h"
#include "enginelistener.h"
#include "taskfiles.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QHostInfo>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QScopeGuard>

#include <algorithm>

Q_LOGGING_CATEGORY(lcCluster, "qualcluster.cluster")

namespace qc {

namespace {

constexpr int kWatchdogIntervalMs = 250;
// A process here or an ssh session that has not connected by then is killed; a scheduler's job
// may wait in its queue far longer, and is only said to be slow, with the scheduler's reason.
constexpr int kConnectTimeoutMs = 15000;
constexpr int kSshConnectTimeoutMs = 30000;
// Dead engines are replaced, but not endlessly: a fault that kills every engine would otherwise
// keep the machine busy starting processes.
constexpr int kMaxRestartsPerWindow = 3;
constexpr qint64 kRestartWindowMs = 60'000;

QByteArray randomSecret()
{
    QByteArray secret(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(secret.data()), secret.size() / 4);
    return secret;
}

} // namespace

LocalCluster::LocalCluster(QObject *parent, QString engineProgram)
    : Cluster(parent)
    , m_engineProgram(engineProgram.isEmpty() ? defaultEngineProgram() : std::move(engineProgram))
    , m_scheduler([this](quint64 runId, const TaskResult &result) {
        TaskResult named = result;
        nameFilesAsLocal(named, m_profile);
        emit taskDone(runId, named);
    })
{
    m_clock.start();
    m_watchdog.setInterval(kWatchdogIntervalMs);
    connect(&m_watchdog, &QTimer::timeout, this, &LocalCluster::checkHeartbeats);
}

LocalCluster::~LocalCluster()
{
    stop(500);
}

QString LocalCluster::defaultEngineProgram()
{
    // Beside this program in a build; in an install, in its libexec folder, found relative to
    // this program so that an install under any prefix (or unpacked anywhere) finds its own.
    const QDir bin(QCoreApplication::applicationDirPath());
    const QString beside = bin.filePath(QStringLiteral("qualcluster-engine"));
    const QString installed =
        QDir::cleanPath(bin.filePath(QStringLiteral(QUALCLUSTER_ENGINE_FROM_BINDIR "/qualcluster-engine")));
    return QFileInfo::exists(beside) || !QFileInfo::exists(installed) ? beside : installed;
}

LaunchContext LocalCluster::launchContext() const
{
    return {m_profile.name, serverName(), m_address, m_secret, {}};
}

QString LocalCluster::launchScript(int count) const
{
    const auto launcher = EngineLauncher::create(m_profile, m_engineProgram);
    LaunchContext context = launchContext();
    if (context.serverName.isEmpty())
        context.serverName = QStringLiteral("<socket>");
    if (context.address.host.isEmpty()) {
        const auto listen = parseEndpoint(m_profile.listen);
        context.address = {listen && !listen->host.isEmpty() ? listen->host : QHostInfo::localHostName(),
                           listen ? listen->port : quint16(0)};
    }
    return launcher->script(count, context);
}

bool LocalCluster::start(int count)
{
    if (isRunning())
        stop();
    m_error.clear();
    m_readyEmitted = false;
    m_secret = randomSecret();
    m_launcher = m_nextLauncher ? std::move(m_nextLauncher) : EngineLauncher::create(m_profile, m_engineProgram);
    connect(m_launcher.get(), &EngineLauncher::errorOccurred, this, &Cluster::errorOccurred);
    m_listener = new EngineListener(
        m_secret,
        [this](QIODevice *socket, FrameReader &reader, const HelloMessage &hello) {
            return admit(socket, reader, hello);
        },
        this);
    std::optional<QString> problem;
    if (!m_launcher->isRemote()) {
        problem = m_listener->listenLocal();
    } else {
        // Remote engines are told the profile's address, or this host's name.
        const Endpoint at = parseEndpoint(m_profile.listen).value_or(Endpoint{});
        problem = m_listener->listenTcp(at);
        m_address = {at.host.isEmpty() ? QHostInfo::localHostName() : at.host, m_listener->tcpPort()};
    }
    if (problem) {
        m_error = *problem;
        delete std::exchange(m_listener, nullptr);
        emit errorOccurred(m_error);
        return false;
    }
    m_restarts.clear();
    m_restartStopReason.clear();
    m_slowToStart.clear();
    m_watchdog.start();
    addEngines(count);
    return true;
}

void LocalCluster::addEngines(int count)
{
    QList<EngineHandle *> added;
    for (int i = 0; i < count; ++i) {
        auto *engine = new EngineHandle(++m_nextId, m_launcher->kind(), this);
        engine->setForwardResults(m_forwardResults && !renamesFiles(m_profile));
        m_engines.append(engine);
        added.append(engine);
        connect(engine, &EngineHandle::changed, this, [this](int id) {
            emit engineChanged(id);
            dispatch(); // an engine turning idle takes the next task
        });
        connect(engine, &EngineHandle::resultReady, this,
                [this](int, const TaskResult &result) { m_scheduler.finished(result); });
        connect(engine, &EngineHandle::connected, this, [this] { checkReady(); });
        connect(engine, &EngineHandle::exited, this,
                [this, engine](int, const QList<quint64> &unfinished) { handleEngineExited(engine, unfinished); });
        emit engineAdded(engine->id());
    }
    m_launcher->launch(added, launchContext());
}

QString LocalCluster::admit(QIODevice *socket, FrameReader &reader, const HelloMessage &hello)
{
    EngineHandle *owner = engine(hello.engineId);
    if (!owner || owner->info().state != EngineState::Starting)
        return QStringLiteral("engine %1 (pid %2 on %3) is not one this cluster is waiting for")
            .arg(hello.engineId)
            .arg(hello.pid)
            .arg(hello.host);
    // A local engine must also be the very process started for it.
    if (!m_launcher->isRemote() && hello.pid != owner->processId())
        return QStringLiteral("pid %1 is not the process started as engine %2").arg(hello.pid).arg(hello.engineId);
    owner->attach(socket, std::move(reader), hello);
    return {};
}

void LocalCluster::handleEngineExited(EngineHandle *engine, const QList<quint64> &unfinished)
{
    const int id = engine->id();
    const bool onPurpose = engine->stopRequested() || m_stopping;
    const EngineInfo &info = engine->info();
    if (!onPurpose && info.tasksDone == 0 && info.pid == 0 && !info.reason.isEmpty()) {
        // It never connected: say where and why, since no result will.
        const QString where = !info.jobId.isEmpty() ? QStringLiteral(" (job %1)").arg(info.jobId)
            : !info.host.isEmpty()                  ? QStringLiteral(" on %1").arg(info.host)
                                                    : QString();
        m_error = QStringLiteral("Engine %1%2 ended before it connected: %3").arg(id).arg(where, info.reason);
        qCWarning(lcCluster).noquote() << m_error;
        emit errorOccurred(m_error);
    }
    if (!onPurpose)
        replaceDeadEngine(id);
    // With the replacement (if any) counted, the scheduler requeues the engine's work or, when no
    // engine is left, fails it with the reason.
    if (!m_stopping)
        m_scheduler.engineLost(id, unfinished, workingEngineIds(), noEngineReason());
    emit engineExited(id);
    checkReady();
    // An engine removed on purpose (a smaller engine count) leaves the cluster; one that died
    // stays listed, so that its row can say how it ended.
    if (engine->stopRequested() && !m_stopping) {
        m_engines.removeOne(engine);
        emit engineRemoved(id);
        engine->deleteLater();
    }
    dispatch();
}

QList<int> LocalCluster::workingEngineIds() const
{
    // Engines still starting count: direct runs assign them work they take once connected.
    QList<int> ids;
    for (const EngineHandle *engine : m_engines)
        if (engine->isAlive() && engine->info().state != EngineState::Stopping)
            ids.append(engine->id());
    return ids;
}

QString LocalCluster::noEngineReason() const
{
    if (!isRunning())
        return QStringLiteral("the cluster is not running, so no engine could analyse this part of the folder");
    return m_restartStopReason.isEmpty()
        ? QStringLiteral("no engine was left to analyse this part of the folder")
        : QStringLiteral("no engine was left to analyse this part of the folder: ") + m_restartStopReason;
}

void LocalCluster::submit(quint64 runId, Dispatch how, const QList<AnalysisTask> &tasks)
{
    m_scheduler.submit(runId, how, tasks, isRunning() ? workingEngineIds() : QList<int>{}, noEngineReason());
    dispatch();
}

void LocalCluster::dispatch()
{
    // Sending a task changes the engine's state, which calls dispatch() again: the guard keeps
    // that inner call from handing out tasks while this loop is still at it.
    if (m_dispatching || !m_scheduler.hasRuns())
        return;
    m_dispatching = true;
    // Every engine gets a task to work on before any gets a second to keep queued.
    for (int held = 0; held < EngineHandle::kTasksHeld; ++held) {
        for (EngineHandle *engine : std::as_const(m_engines)) {
            if (engine->heldCount() != held || !engine->canTakeTask())
                continue;
            auto task = m_scheduler.next(engine->id());
            if (!task)
                continue;
            prepareForEngines(*task, m_profile);
            if (!engine->sendTask(*task))
                m_scheduler.putBack(engine->id(), task->id);
        }
    }
    m_dispatching = false;
}

void LocalCluster::replaceDeadEngine(int deadId)
{
    if (!m_autoRestart || !isRunning())
        return;
    const qint64 now = m_clock.elapsed();
    m_restarts.removeIf([now](qint64 at) { return now - at > kRestartWindowMs; });
    if (m_restarts.size() >= kMaxRestartsPerWindow) {
        m_restartStopReason = QStringLiteral("Engine %1 died; not restarting it: %2 engines were already restarted in "
                                             "the last minute, which points to a fault that a restart will not fix.")
                                  .arg(deadId)
                                  .arg(kMaxRestartsPerWindow);
        qCWarning(lcCluster).noquote() << m_restartStopReason;
        emit errorOccurred(m_restartStopReason);
        return;
    }
    m_restarts.append(now);
    qCInfo(lcCluster) << "engine" << deadId << "died; starting a replacement";
    addEngines(1);
}

void LocalCluster::checkHeartbeats()
{
    const QString kind = m_launcher ? m_launcher->kind() : QString();
    for (EngineHandle *engine : std::as_const(m_engines)) {
        const EngineInfo &info = engine->info();
        if (info.state == EngineState::Starting && engine->msSinceHeartbeat() > kConnectTimeoutMs) {
            if (kind == u"slurm") {
                if (!m_slowToStart.contains(engine->id())) {
                    m_slowToStart.insert(engine->id());
                    emit errorOccurred(QStringLiteral("Engine %1 (job %2) has not started after %3 s: %4.")
                                           .arg(engine->id())
                                           .arg(info.jobId)
                                           .arg(kConnectTimeoutMs / 1000)
                                           .arg(info.stateText()));
                }
                continue;
            }
            if (kind == u"ssh" && engine->msSinceHeartbeat() < kSshConnectTimeoutMs)
                continue;
            qCWarning(lcCluster) << "engine" << engine->id() << "did not connect in time";
            engine->kill();
            continue;
        }
        if ((info.state == EngineState::Idle || info.state == EngineState::Busy)
            && engine->msSinceHeartbeat() > m_heartbeatTimeoutMs) {
            qCWarning(lcCluster) << "engine" << engine->id() << "sent no heartbeat for" << engine->msSinceHeartbeat()
                                 << "ms; killing it";
            engine->kill(); // its exit requeues the task and starts a replacement
        }
    }
}

void LocalCluster::cancel(quint64 runId, int graceMs)
{
    const QList<quint64> held = m_scheduler.cancel(runId);
    for (EngineHandle *engine : std::as_const(m_engines)) {
        // The task it works on: one it only keeps queued is dropped with the results.
        const quint64 task = engine->info().currentTask;
        if (task == 0 || !held.contains(task))
            continue;
        // Engines cannot be interrupted mid-task; one still on it after the grace period is
        // killed, and a replacement takes its place.
        QTimer::singleShot(graceMs, engine, [engine, task] {
            if (engine->info().currentTask == task)
                engine->kill();
        });
    }
}

void LocalCluster::setEngineCount(int count)
{
    if (!isRunning())
        return;
    QList<EngineHandle *> alive;
    for (EngineHandle *engine : std::as_const(m_engines))
        if (engine->isAlive() && engine->info().state != EngineState::Stopping)
            alive.append(engine);
    if (alive.size() < count)
        addEngines(int(count - alive.size()));
    // Idle engines go first, so that running work is disturbed as little as possible.
    std::stable_sort(alive.begin(), alive.end(),
                     [](EngineHandle *a, EngineHandle *b) { return a->isIdle() && !b->isIdle(); });
    for (qsizetype i = 0; i < alive.size() - count; ++i)
        alive[i]->requestStop();
}

void LocalCluster::stop(int graceMs)
{
    if (!isRunning())
        return;
    m_stopping = true;
    const auto resetStopping = qScopeGuard([this] { m_stopping = false; });
    for (EngineHandle *engine : std::as_const(m_engines))
        engine->requestStop();
    const QDeadlineTimer deadline(graceMs);
    for (EngineHandle *engine : std::as_const(m_engines))
        if (!engine->waitForExit(int(deadline.remainingTime())))
            engine->kill();
    m_launcher->stopAll(); // what the engines did not end themselves (jobs still queued)
    m_scheduler.failAll(QStringLiteral("the cluster was stopped before this part of the folder was analysed"));
    const auto engines = std::exchange(m_engines, {});
    for (EngineHandle *engine : engines) {
        engine->disconnect(this);
        emit engineRemoved(engine->id());
        delete engine; // reaps the process
    }
    delete std::exchange(m_listener, nullptr);
    m_launcher.reset();
    m_address = {};
    m_watchdog.stop();
}

QString LocalCluster::serverName() const
{
    return m_listener ? m_listener->serverName() : QString();
}

quint16 LocalCluster::tcpPort() const
{
    return m_listener ? m_listener->tcpPort() : 0;
}

int LocalCluster::droppedConnections() const
{
    return m_listener ? m_listener->droppedCount() : 0;
}

QList<EngineInfo> LocalCluster::engines() const
{
    QList<EngineInfo> infos;
    for (const EngineHandle *engine : m_engines)
        infos.append(engine->info());
    return infos;
}

EngineHandle *LocalCluster::engine(int id) const
{
    for (EngineHandle *engine : m_engines)
        if (engine->id() == id)
            return engine;
    return nullptr;
}

void LocalCluster::checkReady()
{
    if (m_readyEmitted || hasStartingEngines())
        return;
    m_readyEmitted = true;
    emit ready();
}

} // namespace qc
