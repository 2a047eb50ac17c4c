#include "enginehandle.h"

#include "protocol/messages.h"

#include <QDateTime>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QProcess>

#include <algorithm>
#include <csignal>
#include <sys/prctl.h>

Q_LOGGING_CATEGORY(lcEngine, "qualcluster.engine")

namespace qc {

EngineHandle::EngineHandle(int id, QObject *parent)
    : QObject(parent)
{
    m_info.id = id;
}

EngineHandle::~EngineHandle()
{
    // No engine outlives its handle: whatever state it is in, it is killed and reaped here.
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(2000);
    }
}

qint64 EngineHandle::processId() const
{
    return m_process ? m_process->processId() : 0;
}

qint64 EngineHandle::msSinceHeartbeat() const
{
    return m_sinceHeartbeat.isValid() ? m_sinceHeartbeat.elapsed() : 0;
}

void EngineHandle::start(const QString &program, const QString &serverName, const QByteArray &secret)
{
    m_process = new QProcess(this);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(kSecretVariable), QString::fromLatin1(secret.toHex()));
    m_process->setProcessEnvironment(environment);
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process->setStandardOutputFile(QProcess::nullDevice());
    m_process->setStandardInputFile(QProcess::nullDevice());
    // Between fork and exec: the engine gets SIGKILL when the thread that started it dies, so a
    // killed app or CLI leaves no engine behind.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    connect(m_process, &QProcess::finished, this, &EngineHandle::handleFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            qCWarning(lcEngine) << "engine" << id() << "failed to start:" << m_process->errorString();
            m_info.exitCode = 127;
            setState(EngineState::Exited);
            emit exited(id(), 0);
        }
    });
    m_info.startedMs = QDateTime::currentMSecsSinceEpoch();
    m_sinceHeartbeat.start();
    m_process->start(program, {QStringLiteral("--server"), serverName});
    m_info.pid = m_process->processId();
    emit changed(id());
}

void EngineHandle::attach(QLocalSocket *socket, FrameReader reader, const QString &host)
{
    m_socket = socket;
    m_socket->setParent(this);
    m_reader = std::move(reader);
    m_info.host = host;
    m_sinceHeartbeat.start();
    connect(m_socket, &QLocalSocket::readyRead, this, &EngineHandle::handleReadyRead);
    setState(EngineState::Idle);
    emit connected(id());
    if (m_socket->bytesAvailable() > 0)
        handleReadyRead();
}

bool EngineHandle::sendTask(const AnalysisTask &task)
{
    if (m_info.state != EngineState::Idle || !m_socket)
        return false;
    m_info.currentTask = task.id;
    m_info.currentSample = task.sample;
    setState(EngineState::Busy);
    // Flushed at once rather than on the next event-loop pass, which shortens every round trip.
    const bool written = writeFrame(*m_socket, encode(task));
    m_socket->flush();
    return written;
}

void EngineHandle::requestStop()
{
    if (!isAlive())
        return;
    m_stopRequested = true;
    if (m_socket && m_socket->state() == QLocalSocket::ConnectedState)
    {
        writeFrame(*m_socket, encodeQuit());
        m_socket->flush();
    }
    else if (m_process)
        m_process->terminate();
    setState(EngineState::Stopping);
}

void EngineHandle::kill()
{
    if (m_process && m_process->state() != QProcess::NotRunning)
        m_process->kill();
}

bool EngineHandle::waitForExit(int ms)
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return true;
    return m_process->waitForFinished(std::max(ms, 1));
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
            if (auto result = decodeResult(message); result && result->taskId == m_info.currentTask) {
                result->engineId = id();
                m_info.currentTask = 0;
                m_info.currentSample.clear();
                ++m_info.tasksDone;
                if (m_info.state == EngineState::Busy)
                    setState(EngineState::Idle);
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
    }
}

void EngineHandle::handleFinished(int exitCode, int exitStatus)
{
    const quint64 unfinished = m_info.currentTask;
    m_info.currentTask = 0;
    m_info.currentSample.clear();
    if (exitStatus == QProcess::CrashExit) {
        m_info.exitSignal = exitCode; // Qt reports the terminating signal as the exit code
        m_info.exitCode = 0;
    } else {
        m_info.exitCode = exitCode;
    }
    setState(EngineState::Exited);
    emit exited(id(), unfinished);
}

void EngineHandle::setState(EngineState state)
{
    m_info.state = state;
    emit changed(id());
}

} // namespace qc
