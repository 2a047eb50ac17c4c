#include "enginehandle.h"

#include "protocol/cborfields.h"
#include "protocol/messages.h"
#include "protocol/transport.h"

#include <QAbstractSocket>
#include <QDateTime>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QProcess>

#include <algorithm>
#include <csignal>
#include <sys/prctl.h>

Q_LOGGING_CATEGORY(lcEngine, "qualcluster.engine")

namespace qc {

namespace {

constexpr qsizetype kKeptErrorBytes = 2000;

// A result to pass on as it came: only its task id is read here.
std::optional<TaskResult> forwardedResult(const QCborMap &message)
{
    const qint64 taskId = cbor::integer(message, "id", -1);
    if (taskId < 0)
        return std::nullopt;
    TaskResult result;
    result.taskId = quint64(taskId);
    result.encoded = message;
    return result;
}

void flush(QIODevice *device)
{
    if (auto *local = qobject_cast<QLocalSocket *>(device))
        local->flush();
    else if (auto *tcp = qobject_cast<QAbstractSocket *>(device))
        tcp->flush();
}

} // namespace

EngineHandle::EngineHandle(int id, const QString &launcher, QObject *parent)
    : QObject(parent)
{
    m_info.id = id;
    m_info.launcher = launcher;
    m_info.startedMs = QDateTime::currentMSecsSinceEpoch();
    m_sinceHeartbeat.start();
}

EngineHandle::~EngineHandle()
{
    // No engine outlives its handle: whatever state it is in, it is killed and reaped here.
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(2000);
    }
    if (m_killJob && isAlive())
        m_killJob();
}

qint64 EngineHandle::processId() const
{
    return m_process ? m_process->processId() : 0;
}

qint64 EngineHandle::msSinceHeartbeat() const
{
    return m_sinceHeartbeat.elapsed();
}

void EngineHandle::startProcess(const QString &program, const QStringList &arguments,
                                const QProcessEnvironment &environment, const QByteArray &input, bool keepErrors)
{
    m_process = new QProcess(this);
    m_process->setProcessEnvironment(environment);
    m_process->setStandardOutputFile(QProcess::nullDevice());
    if (keepErrors) {
        connect(m_process, &QProcess::readyReadStandardError, this, [this] {
            m_errors.append(m_process->readAllStandardError());
            m_errors = m_errors.right(kKeptErrorBytes);
        });
    } else {
        m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    }
    if (input.isEmpty())
        m_process->setStandardInputFile(QProcess::nullDevice());
    // Between fork and exec: the process gets SIGKILL when the thread that started it dies, so a
    // killed controller leaves no engine (nor ssh session, whose end ends its engine) behind.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    connect(m_process, &QProcess::finished, this, &EngineHandle::handleFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this, program](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            qCWarning(lcEngine) << "engine" << id() << "failed to start:" << m_process->errorString();
            m_info.exitCode = 127;
            m_info.reason = QStringLiteral("%1 could not be started: %2").arg(program, m_process->errorString());
            finish();
        }
    });
    m_process->start(program, arguments);
    if (!input.isEmpty())
        m_process->write(input); // stays open: its end tells a remote engine to go
    if (m_info.launcher == u"local")
        m_info.pid = m_process->processId();
    emit changed(id());
}

void EngineHandle::setJob(const QString &jobId, std::function<void()> kill)
{
    m_info.jobId = jobId;
    m_killJob = std::move(kill);
    emit changed(id());
}

void EngineHandle::setSchedulerState(const QString &state, const QString &reason, const QString &node)
{
    if (state == m_info.schedulerState && reason == m_info.reason && (node.isEmpty() || node == m_info.host))
        return;
    m_info.schedulerState = state;
    if (m_info.state == EngineState::Starting)
        m_info.reason = reason == u"None" ? QString() : reason;
    if (!node.isEmpty() && m_info.host.isEmpty())
        m_info.host = node;
    emit changed(id());
}

void EngineHandle::markEnded(const QString &reason)
{
    if (!isAlive())
        return;
    m_info.reason = reason;
    finish();
}

void EngineHandle::attach(QIODevice *socket, FrameReader reader, const HelloMessage &hello)
{
    m_socket = socket;
    m_socket->setParent(this);
    m_reader = std::move(reader);
    m_info.host = hello.host;
    m_info.pid = hello.pid;
    m_info.reason.clear();
    m_sinceHeartbeat.start();
    connect(m_socket, &QIODevice::readyRead, this, &EngineHandle::handleReadyRead);
    whenDisconnected(m_socket, this, [this] { handleLinkLost(); });
    setState(EngineState::Idle);
    emit connected(id());
    if (m_socket->bytesAvailable() > 0)
        handleReadyRead();
}

bool EngineHandle::canTakeTask() const
{
    return m_socket && !m_ending && (m_info.state == EngineState::Idle || m_info.state == EngineState::Busy)
        && m_held.size() < kTasksHeld;
}

bool EngineHandle::sendTask(const AnalysisTask &task)
{
    if (!canTakeTask())
        return false;
    m_held.append({task.id, task.sample});
    // The task it works on is the first it holds; the engine runs them in the order sent.
    m_info.currentTask = m_held.first().first;
    m_info.currentSample = m_held.first().second;
    setState(EngineState::Busy);
    // Flushed at once rather than on the next event-loop pass, which shortens every round trip.
    const bool written = writeFrame(*m_socket, encode(task));
    flush(m_socket);
    return written;
}

void EngineHandle::requestStop()
{
    if (!isAlive())
        return;
    m_stopRequested = true;
    if (m_socket && m_socket->isOpen()) {
        writeFrame(*m_socket, encodeQuit());
        flush(m_socket);
    } else if (m_process) {
        m_process->terminate();
    } else if (m_killJob) {
        m_killJob(); // a job that has not connected yet is cancelled
    }
    setState(EngineState::Stopping);
}

void EngineHandle::kill()
{
    if (m_process && m_process->state() != QProcess::NotRunning)
        m_process->kill();
    else if (m_killJob && isAlive())
        m_killJob();
    // A job or remote engine whose link is up goes with its link.
    if (!m_process && m_socket)
        m_socket->close();
}

bool EngineHandle::waitForExit(int ms)
{
    if (m_process && m_process->state() != QProcess::NotRunning)
        return m_process->waitForFinished(std::max(ms, 1));
    return !isAlive();
}

void EngineHandle::handleReadyRead()
{
    QCborMap message;
    for (;;) {
        const auto status = m_reader.next(*m_socket, &message);
        if (status == FrameReader::Status::NeedMore)
            return;
        if (status == FrameReader::Status::Error) {
            qCWarning(lcEngine) << "engine" << id() << "sent a bad frame:" << m_reader.errorString();
            kill();
            return;
        }
        m_sinceHeartbeat.start();
        switch (messageType(message)) {
        case MessageType::Result:
            if (auto result = m_forwardResults ? forwardedResult(message) : decodeResult(message);
                result && !m_held.isEmpty() && result->taskId == m_held.first().first) {
                result->engineId = id();
                m_held.removeFirst();
                m_info.currentTask = m_held.isEmpty() ? 0 : m_held.first().first;
                m_info.currentSample = m_held.isEmpty() ? QString() : m_held.first().second;
                ++m_info.tasksDone;
                if (m_info.state == EngineState::Busy)
                    setState(m_held.isEmpty() ? EngineState::Idle : EngineState::Busy);
                emit resultReady(id(), *result);
            } else {
                qCWarning(lcEngine) << "engine" << id() << "sent a result for no task it held";
            }
            break;
        case MessageType::Heartbeat:
            break;
        default:
            qCWarning(lcEngine) << "engine" << id() << "sent an unexpected message";
            break;
        }
        if (!m_socket)
            return;
    }
}

void EngineHandle::handleLinkLost()
{
    // A process here reports the end itself; a job or remote engine ends with its link.
    if (m_process && m_process->state() != QProcess::NotRunning)
        return;
    if (isAlive() && !m_process)
        markEnded(m_stopRequested ? QString() : QStringLiteral("its link to the controller closed"));
}

void EngineHandle::handleFinished(int exitCode, int exitStatus)
{
    if (exitStatus == QProcess::CrashExit) {
        m_info.exitSignal = exitCode; // Qt reports the terminating signal as the exit code
        m_info.exitCode = 0;
    } else {
        m_info.exitCode = exitCode;
    }
    if (!m_errors.trimmed().isEmpty() && (exitCode != 0 || exitStatus == QProcess::CrashExit)
        && m_info.state == EngineState::Starting)
        m_info.reason = QString::fromLocal8Bit(m_errors.trimmed()).section(u'\n', -1).trimmed();
    finish();
}

void EngineHandle::finish()
{
    if (m_info.state == EngineState::Exited)
        return;
    // The process can be reported gone before the last result it wrote has been read: read what
    // its link still holds first, or a task it finished would be run again and counted as a try
    // against it (a good folder was given up after "2 tries" beside a poison file, now and then).
    m_ending = true;
    if (m_socket) {
        while (m_socket->waitForReadyRead(0)) {
        }
        if (m_socket && m_socket->bytesAvailable() > 0)
            handleReadyRead();
    }
    QList<quint64> unfinished;
    for (const auto &[task, sample] : std::as_const(m_held))
        unfinished.append(task);
    m_held.clear();
    m_info.currentTask = 0;
    m_info.currentSample.clear();
    setState(EngineState::Exited);
    emit exited(id(), unfinished);
}

void EngineHandle::setState(EngineState state)
{
    m_info.state = state;
    emit changed(id());
}

} // namespace qc
