#include "localcluster.h"

#include "enginehandle.h"
#include "protocol/frame.h"
#include "protocol/messages.h"
#include "stalesockets.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTimer>

#include <algorithm>

Q_LOGGING_CATEGORY(lcCluster, "qualcluster.cluster")

namespace qc {

namespace {

// A client that connects and says nothing is dropped after this long.
constexpr int kHelloTimeoutMs = 2000;
constexpr int kWatchdogIntervalMs = 250;
constexpr int kConnectTimeoutMs = 15000;
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
    , m_scheduler([this](quint64 runId, const TaskResult &result) { emit taskDone(runId, result); })
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
    return QCoreApplication::applicationDirPath() + QStringLiteral("/qualcluster-engine");
}

bool LocalCluster::start(int count)
{
    if (isRunning())
        stop();
    m_error.clear();
    m_readyEmitted = false;
    m_secret = randomSecret();
    m_serverName = QStringLiteral("qualcluster-%1-%2")
                       .arg(QCoreApplication::applicationPid())
                       .arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    removeStaleSockets(); // left by a crashed run of this program
    if (!m_server->listen(m_serverName)) {
        m_error = QStringLiteral("Cannot listen on %1: %2").arg(m_serverName, m_server->errorString());
        delete m_server;
        m_server = nullptr;
        emit errorOccurred(m_error);
        return false;
    }
    connect(m_server, &QLocalServer::newConnection, this, &LocalCluster::handleNewConnection);
    m_restarts.clear();
    m_restartStopReason.clear();
    m_watchdog.start();
    for (int i = 0; i < count; ++i)
        addEngine();
    return true;
}

void LocalCluster::addEngine()
{
    auto *engine = new EngineHandle(++m_nextId, this);
    m_engines.append(engine);
    connect(engine, &EngineHandle::changed, this, [this](int id) {
        emit engineChanged(id);
        dispatch(); // an engine turning idle takes the next task
    });
    connect(engine, &EngineHandle::resultReady, this, [this](int, const TaskResult &result) {
        m_scheduler.finished(result);
    });
    connect(engine, &EngineHandle::connected, this, [this] { checkReady(); });
    connect(engine, &EngineHandle::exited, this,
            [this, engine](int, quint64 unfinished) { handleEngineExited(engine, unfinished); });
    emit engineAdded(engine->id());
    engine->start(m_engineProgram, m_server->fullServerName(), m_secret);
}

void LocalCluster::handleEngineExited(EngineHandle *engine, quint64 unfinishedTask)
{
    const int id = engine->id();
    const bool onPurpose = engine->stopRequested() || m_stopping;
    if (!onPurpose)
        replaceDeadEngine(id);
    // With the replacement (if any) counted, the scheduler requeues the engine's work or, when no
    // engine is left, fails it with the reason.
    if (!m_stopping)
        m_scheduler.engineLost(id, unfinishedTask, workingEngineIds(), noEngineReason());
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
    for (EngineHandle *engine : std::as_const(m_engines)) {
        if (!engine->isIdle())
            continue;
        if (const auto task = m_scheduler.next(engine->id()); task && !engine->sendTask(*task))
            m_scheduler.putBack(engine->id(), task->id);
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
    addEngine();
}

void LocalCluster::checkHeartbeats()
{
    for (EngineHandle *engine : std::as_const(m_engines)) {
        const EngineState state = engine->info().state;
        if (state == EngineState::Starting && engine->msSinceHeartbeat() > kConnectTimeoutMs) {
            qCWarning(lcCluster) << "engine" << engine->id() << "did not connect within" << kConnectTimeoutMs << "ms";
            engine->kill();
            continue;
        }
        if ((state == EngineState::Idle || state == EngineState::Busy) && engine->msSinceHeartbeat() > m_heartbeatTimeoutMs) {
            qCWarning(lcCluster) << "engine" << engine->id() << "sent no heartbeat for"
                                 << engine->msSinceHeartbeat() << "ms; killing it";
            engine->kill(); // its exit requeues the task and starts a replacement
        }
    }
}

void LocalCluster::cancel(quint64 runId, int graceMs)
{
    const QList<quint64> held = m_scheduler.cancel(runId);
    for (EngineHandle *engine : std::as_const(m_engines)) {
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
    for (qsizetype i = alive.size(); i < count; ++i)
        addEngine();
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
    m_scheduler.failAll(QStringLiteral("the cluster was stopped before this part of the folder was analysed"));
    const auto engines = std::exchange(m_engines, {});
    for (EngineHandle *engine : engines) {
        engine->disconnect(this);
        emit engineRemoved(engine->id());
        delete engine; // reaps the process
    }
    delete m_server;
    m_server = nullptr;
    m_watchdog.stop();
}

QString LocalCluster::serverName() const
{
    return m_server ? m_server->fullServerName() : QString();
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

void LocalCluster::handleNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        m_pending.insert(socket, FrameReader{});
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { handlePendingData(socket); });
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QObject::destroyed, this, [this, socket] { m_pending.remove(socket); });
        QTimer::singleShot(kHelloTimeoutMs, socket, [this, socket] {
            if (m_pending.contains(socket)) {
                qCWarning(lcCluster) << "dropped a client that said nothing";
                socket->abort();
                socket->deleteLater();
            }
        });
    }
}

void LocalCluster::handlePendingData(QLocalSocket *socket)
{
    auto it = m_pending.find(socket);
    if (it == m_pending.end())
        return;
    QCborMap message;
    const auto status = it->next(*socket, &message);
    if (status == FrameReader::Status::NeedMore)
        return;
    const auto drop = [this, socket](const QString &why) {
        qCWarning(lcCluster).noquote() << "dropped a client:" << why;
        m_pending.remove(socket);
        socket->abort();
        socket->deleteLater();
    };
    if (status == FrameReader::Status::Error)
        return drop(it->errorString());
    const auto hello = decodeHello(message);
    if (!hello)
        return drop(QStringLiteral("its first message is not a hello"));
    if (hello->magic != QString::fromLatin1(kProtocolMagic) || hello->version != kProtocolVersion)
        return drop(QStringLiteral("wrong protocol %1 version %2").arg(hello->magic).arg(hello->version));
    if (hello->secret != m_secret)
        return drop(QStringLiteral("wrong secret from pid %1").arg(hello->pid));
    EngineHandle *owner = nullptr;
    for (EngineHandle *engine : std::as_const(m_engines))
        if (engine->processId() == hello->pid && engine->info().state == EngineState::Starting)
            owner = engine;
    if (!owner)
        return drop(QStringLiteral("pid %1 is not an engine this cluster started").arg(hello->pid));
    FrameReader reader = m_pending.take(socket);
    socket->disconnect(this);
    owner->attach(socket, std::move(reader), hello->host);
}

void LocalCluster::checkReady()
{
    if (m_readyEmitted || hasStartingEngines())
        return;
    m_readyEmitted = true;
    emit ready();
}

} // namespace qc
