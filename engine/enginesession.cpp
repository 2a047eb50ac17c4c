#include "enginesession.h"

#include "analysis/task.h"
#include "protocol/messages.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QHostInfo>
#include <QtConcurrent>

#include <cstdio>

namespace qc {

namespace {

constexpr int kHeartbeatMs = 500;

void quitWith(int code, const QString &why)
{
    if (!why.isEmpty())
        std::fprintf(stderr, "qualcluster-engine: %s\n", qPrintable(why));
    QCoreApplication::exit(code);
}

} // namespace

EngineSession::EngineSession(QString serverName, QByteArray secret, QObject *parent)
    : QObject(parent)
    , m_serverName(std::move(serverName))
    , m_secret(std::move(secret))
{
    m_heartbeat.setInterval(kHeartbeatMs);
    connect(&m_heartbeat, &QTimer::timeout, this, &EngineSession::sendHeartbeat);
    connect(&m_socket, &QLocalSocket::connected, this, &EngineSession::handleConnected);
    connect(&m_socket, &QLocalSocket::readyRead, this, &EngineSession::handleReadyRead);
    // The controller closing the link is the normal way an engine is told it is no longer needed.
    connect(&m_socket, &QLocalSocket::disconnected, this, [] { quitWith(0, {}); });
    connect(&m_socket, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError error) {
        if (error == QLocalSocket::PeerClosedError)
            return quitWith(0, {});
        quitWith(1, QStringLiteral("lost the controller: %1").arg(m_socket.errorString()));
    });
}

void EngineSession::start()
{
    m_socket.connectToServer(m_serverName);
}

void EngineSession::handleConnected()
{
    HelloMessage hello;
    hello.pid = QCoreApplication::applicationPid();
    hello.host = QHostInfo::localHostName();
    hello.secret = m_secret;
    send(encode(hello));
    m_heartbeat.start();
}

void EngineSession::handleReadyRead()
{
    QCborMap message;
    for (;;) {
        const auto status = m_reader.next(m_socket, &message);
        if (status == FrameReader::Status::NeedMore)
            return;
        if (status == FrameReader::Status::Error)
            return quitWith(1, QStringLiteral("bad frame from the controller: %1").arg(m_reader.errorString()));
        switch (messageType(message)) {
        case MessageType::Task:
            if (const auto task = decodeTask(message); task && m_currentTask == 0)
                handleTask(*task);
            else
                return quitWith(1, QStringLiteral("a task that does not decode, or one too many"));
            break;
        case MessageType::Quit:
            m_socket.disconnectFromServer();
            return quitWith(0, {});
        default:
            return quitWith(1, QStringLiteral("unexpected message from the controller"));
        }
    }
}

void EngineSession::handleTask(const AnalysisTask &task)
{
    // The work runs on a pool thread so that heartbeats keep flowing during a long task.
    m_failpoints.beforeTask(m_tasksDone, task.files);
    m_currentTask = task.id;
    auto *watcher = new QFutureWatcher<TaskResult>(this);
    connect(watcher, &QFutureWatcher<TaskResult>::finished, this, [this, watcher] {
        const TaskResult result = watcher->result();
        watcher->deleteLater();
        m_currentTask = 0;
        ++m_tasksDone;
        send(encode(result));
    });
    watcher->setFuture(QtConcurrent::run([task, failpoints = m_failpoints] {
        failpoints.delayTask();
        return runTask(task);
    }));
}

void EngineSession::send(const QCborMap &message)
{
    // Written now rather than on the next event-loop pass: it halves a task's round trip.
    writeFrame(m_socket, message);
    m_socket.flush();
}

void EngineSession::sendHeartbeat()
{
    send(encode(HeartbeatMessage{QCoreApplication::applicationPid(), m_currentTask, m_tasksDone}));
}

} // namespace qc
