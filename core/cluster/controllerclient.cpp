#include "controllerclient.h"

#include "protocol/controlmessages.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QFutureWatcher>
#include <QLocalSocket>
#include <QProcess>
#include <QtConcurrent>

namespace qc {

namespace {

constexpr int kLaunchPollMs = 25;

QString logTail(const QString &path)
{
    QFile log(path);
    if (!log.open(QIODevice::ReadOnly))
        return {};
    const qint64 size = log.size();
    log.seek(std::max<qint64>(0, size - 600));
    return QString::fromUtf8(log.readAll()).trimmed();
}

} // namespace

ControllerClient::ControllerClient(QString profile, ClusterRegistry registry, QObject *parent)
    : Cluster(parent)
    , m_profile(std::move(profile))
    , m_registry(std::move(registry))
    , m_program(QCoreApplication::applicationDirPath() + QStringLiteral("/qualcluster"))
{
    m_launchPoll.setInterval(kLaunchPollMs);
    connect(&m_launchPoll, &QTimer::timeout, this, &ControllerClient::pollLaunch);
}

ControllerClient::~ControllerClient()
{
    if (m_socket)
        m_socket->disconnect(this);
}

void ControllerClient::setProfile(const QString &profile)
{
    if (profile == m_profile && (m_admitted || m_socket))
        return;
    detach();
    m_profile = profile;
    attach();
}

bool ControllerClient::attach()
{
    if (m_socket)
        return true;
    m_error.clear();
    QString note;
    const auto record = m_registry.running(m_profile, &note);
    if (!record) {
        m_error = note.isEmpty() ? tr("No cluster of profile \"%1\" is running.").arg(m_profile) : note;
        return false;
    }
    if (record->protocol != kControllerProtocolVersion) {
        m_error = tr("The cluster \"%1\" was started by a QualCluster that speaks protocol %2 (this one speaks %3): "
                     "stop it with 'qualcluster cluster stop --profile %1' and start it again.")
                      .arg(m_profile)
                      .arg(record->protocol)
                      .arg(kControllerProtocolVersion);
        return false;
    }
    m_record = *record;
    m_reader = FrameReader{};
    m_stopReason.clear();
    m_readySeen = false;
    m_socket = new QLocalSocket(this);
    connect(m_socket, &QLocalSocket::connected, this, &ControllerClient::handleConnected);
    connect(m_socket, &QLocalSocket::readyRead, this, &ControllerClient::handleReadyRead);
    connect(m_socket, &QLocalSocket::disconnected, this, &ControllerClient::handleDisconnected);
    connect(m_socket, &QLocalSocket::errorOccurred, this, [this] {
        if (m_socket && m_socket->state() == QLocalSocket::UnconnectedState)
            handleDisconnected();
    });
    m_socket->connectToServer(m_record.socket);
    return true;
}

void ControllerClient::detach()
{
    // A launch under way is left to finish on its own; this client no longer waits for it.
    m_launchPoll.stop();
    m_launchPid = 0;
    if (!m_socket)
        return;
    QLocalSocket *socket = std::exchange(m_socket, nullptr);
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
    const bool wasAdmitted = std::exchange(m_admitted, false);
    m_runs.clear();
    applySnapshot({});
    if (wasAdmitted)
        emit detached(tr("Left the cluster \"%1\"; it keeps running.").arg(m_profile));
}

void ControllerClient::handleConnected()
{
    ClientHello hello;
    hello.version = kControllerProtocolVersion;
    hello.pid = QCoreApplication::applicationPid();
    hello.secret = m_record.secret;
    send(encode(hello));
}

void ControllerClient::handleReadyRead()
{
    QCborMap message;
    while (m_socket) {
        const auto status = m_reader.next(*m_socket, &message);
        if (status == FrameReader::Status::NeedMore)
            return;
        if (status == FrameReader::Status::Error) {
            fail(tr("The controller of cluster \"%1\" sent a bad frame: %2").arg(m_profile, m_reader.errorString()));
            m_socket->abort();
            return;
        }
        const QString type = controlType(message);
        if (type == u"engines") {
            const auto snapshot = decodeEngineSnapshot(message);
            if (!snapshot)
                continue;
            const bool first = !std::exchange(m_admitted, true);
            applySnapshot(*snapshot);
            if (first) {
                // A launched controller got its owner on its command line; a cluster found
                // running keeps the owner it has (a terminal's has none).
                m_launchPid = 0;
                m_launchPoll.stop();
                emit attached();
            }
            if (snapshot->ready && !std::exchange(m_readySeen, true))
                emit ready();
        } else if (type == u"run_result") {
            decodeResult(message);
        } else if (type == u"refused") {
            fail(tr("The controller of cluster \"%1\" refused this client: %2.").arg(m_profile, controlText(message)));
        } else if (type == u"stopping") {
            m_stopReason = controlText(message);
        }
    }
}

void ControllerClient::decodeResult(const QCborMap &message)
{
    // Decoded on a pool thread: a large folder's result is milliseconds of work the window's
    // thread would otherwise spend between two repaints.
    auto *watcher = new QFutureWatcher<std::optional<RunResultMessage>>(this);
    connect(watcher, &QFutureWatcher<std::optional<RunResultMessage>>::finished, this, [this, watcher, message] {
        watcher->deleteLater();
        const auto result = watcher->result();
        if (result && m_runs.contains(result->runId)) {
            taskCameBack(result->runId, result->result.taskId);
            emit taskDone(result->runId, result->result);
        } else if (const quint64 runId = quint64(controlInteger(message, "run")); !result && m_runs.contains(runId)) {
            // Passed on undecoded by the controller: a result that does not decode still ends
            // its task, with the reason, rather than leaving the run waiting.
            const QCborMap inner = message.value(QStringLiteral("result")).toMap();
            TaskResult unreadable;
            unreadable.taskId = quint64(controlInteger(inner, "id"));
            unreadable.sample = inner.value(QStringLiteral("sample")).toString();
            unreadable.errors.append(
                {unreadable.sample, 0, -1, tr("an engine's result for this part could not be read")});
            taskCameBack(runId, unreadable.taskId);
            emit taskDone(runId, unreadable);
        }
    });
    watcher->setFuture(QtConcurrent::run([message] { return decodeRunResult(message); }));
}

void ControllerClient::applySnapshot(const EngineSnapshot &snapshot)
{
    QHash<int, EngineInfo> incoming;
    for (const EngineInfo &info : snapshot.engines)
        incoming.insert(info.id, info);
    const QList<EngineInfo> previous = std::exchange(m_engines, snapshot.engines);
    m_notice = snapshot.notice;
    QSet<int> known;
    for (const EngineInfo &old : previous) {
        known.insert(old.id);
        const auto it = incoming.constFind(old.id);
        if (it == incoming.constEnd())
            emit engineRemoved(old.id);
        else if (it->state != old.state || it->tasksDone != old.tasksDone || it->currentTask != old.currentTask
                 || it->host != old.host || it->pid != old.pid || it->schedulerState != old.schedulerState
                 || it->reason != old.reason || it->jobId != old.jobId)
            emit engineChanged(old.id);
    }
    for (const EngineInfo &info : snapshot.engines)
        if (!known.contains(info.id))
            emit engineAdded(info.id);
}

void ControllerClient::handleDisconnected()
{
    if (!m_socket)
        return;
    const bool wasAdmitted = m_admitted;
    QLocalSocket *socket = std::exchange(m_socket, nullptr);
    socket->disconnect(this);
    socket->deleteLater();
    m_admitted = false;
    m_runs.clear();
    applySnapshot({});
    if (!wasAdmitted) {
        if (m_error.isEmpty())
            fail(tr("Cannot reach the controller of cluster \"%1\" at %2.").arg(m_profile, m_record.socket));
        return;
    }
    const QString reason = !m_stopReason.isEmpty()
        ? tr("The cluster \"%1\" stopped: %2.").arg(m_profile, m_stopReason)
        : tr("The cluster \"%1\" is gone: its controller (PID %2) was killed or crashed. 'qualcluster cluster start "
             "--profile %1' starts it again.")
              .arg(m_profile)
              .arg(m_record.pid);
    emit lost(reason);
    emit detached(reason);
}

void ControllerClient::setOwnerPid(qint64 pid)
{
    m_ownerPid = pid;
    if (m_admitted)
        send(encodeSetOwner(pid));
}

bool ControllerClient::start(int count)
{
    if (m_admitted || m_launchPid != 0)
        return true;
    if (attach())
        return true; // it was already running
    if (const auto problem = m_registry.ensurePrivateFolder()) {
        m_error = *problem;
        return false;
    }
    QStringList arguments{QStringLiteral("cluster"),
                          QStringLiteral("start"),
                          QStringLiteral("--foreground"),
                          QStringLiteral("--profile"),
                          m_profile,
                          QStringLiteral("-n"),
                          QString::number(count),
                          QStringLiteral("--detach")};
    if (m_ownerPid != 0)
        arguments << QStringLiteral("--owner-pid") << QString::number(m_ownerPid);
    QProcess process;
    process.setProgram(m_program);
    process.setArguments(arguments);
    process.setStandardInputFile(QProcess::nullDevice());
    process.setStandardOutputFile(m_registry.logPath(m_profile));
    process.setStandardErrorFile(m_registry.logPath(m_profile), QIODevice::Append);
    if (!process.startDetached(&m_launchPid)) {
        m_error = tr("Cannot start the controller %1: %2").arg(m_program, process.errorString());
        m_launchPid = 0;
        return false;
    }
    m_error.clear();
    m_launchClock.start();
    m_launchPoll.start();
    return true;
}

void ControllerClient::pollLaunch()
{
    if (m_socket)
        return; // attaching; the first snapshot ends the launch
    if (m_registry.running(m_profile)) {
        if (!attach()) {
            // Listed but not usable (another release's controller): waiting will not help.
            m_launchPoll.stop();
            m_launchPid = 0;
            fail(m_error);
            emit ready();
        }
        return;
    }
    const bool died = !ClusterRegistry::controllerAlive(m_launchPid);
    if (died || m_launchClock.hasExpired(kLaunchTimeoutMs)) {
        const QString tail = logTail(m_registry.logPath(m_profile));
        m_launchPoll.stop();
        m_launchPid = 0;
        fail(died ? tr("The controller of cluster \"%1\" ended before it was ready. %2").arg(m_profile, tail)
                  : tr("The controller of cluster \"%1\" was not ready within %2 s.")
                        .arg(m_profile)
                        .arg(kLaunchTimeoutMs / 1000));
        emit ready(); // with no engine: a run waiting for it fails with the reason
    }
}

void ControllerClient::setEngineCount(int count)
{
    if (m_admitted)
        send(encodeScale(count));
}

void ControllerClient::stop()
{
    if (m_admitted)
        send(encodeStop());
}

void ControllerClient::submit(quint64 runId, Dispatch dispatch, const QList<AnalysisTask> &tasks)
{
    if (!m_admitted) {
        // As a local cluster does: every task comes back with the reason.
        for (const AnalysisTask &task : tasks) {
            TaskResult failed;
            failed.taskId = task.id;
            failed.sample = task.sample;
            failed.errors.append({task.sample, 0, -1, tr("the cluster \"%1\" is not running").arg(m_profile)});
            emit taskDone(runId, failed);
        }
        return;
    }
    m_runs.insert(runId, {dispatch, tasks, {}, 0});
    sendWindow(runId);
}

void ControllerClient::sendWindow(quint64 runId)
{
    // Enough files, and enough tasks for every engine to hold two with more to come.
    constexpr qsizetype kWindowFiles = 16384;
    const qsizetype windowTasks = 4 * std::max<qsizetype>(m_engines.size(), 1);
    SubmittedRun &run = m_runs[runId];
    QList<AnalysisTask> window;
    while (!run.waiting.isEmpty() && (run.sentFiles < kWindowFiles || run.sent.size() < windowTasks)) {
        AnalysisTask task = run.waiting.takeFirst();
        run.sent.insert(task.id, task.files.size());
        run.sentFiles += task.files.size();
        window.append(std::move(task));
    }
    if (!window.isEmpty())
        send(encode(SubmitRequest{runId, run.dispatch, window}));
}

void ControllerClient::taskCameBack(quint64 runId, quint64 taskId)
{
    const auto it = m_runs.find(runId);
    if (it == m_runs.end())
        return;
    it->sentFiles -= it->sent.take(taskId);
    if (!it->waiting.isEmpty())
        sendWindow(runId);
    else if (it->sent.isEmpty())
        m_runs.erase(it);
}

void ControllerClient::cancel(quint64 runId, int graceMs)
{
    if (m_runs.remove(runId) && m_admitted)
        send(encodeCancel(runId, graceMs));
}

void ControllerClient::send(const QCborMap &message)
{
    if (!m_socket)
        return;
    writeFrame(*m_socket, message);
    m_socket->flush();
}

void ControllerClient::fail(const QString &message)
{
    m_error = message;
    emit errorOccurred(message);
}

bool ControllerClient::waitForAttached(int ms)
{
    if (m_admitted)
        return true;
    if (!m_socket && m_launchPid == 0)
        return false;
    QEventLoop loop;
    connect(this, &ControllerClient::attached, &loop, &QEventLoop::quit);
    connect(this, &ControllerClient::errorOccurred, &loop, &QEventLoop::quit);
    connect(this, &ControllerClient::detached, &loop, &QEventLoop::quit);
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
    return m_admitted;
}

bool ControllerClient::waitForReady(int ms)
{
    if (!waitForAttached(ms))
        return false;
    if (m_readySeen)
        return true;
    QEventLoop loop;
    connect(this, &Cluster::ready, &loop, &QEventLoop::quit);
    connect(this, &ControllerClient::detached, &loop, &QEventLoop::quit);
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
    return m_readySeen && m_admitted;
}

} // namespace qc
