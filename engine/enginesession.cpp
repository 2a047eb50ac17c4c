#include "enginesession.h"

#include "analysis/task.h"
#include "protocol/frame.h"
#include "protocol/messages.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QHostInfo>
#include <QLocalSocket>
#include <QSslPreSharedKeyAuthenticator>
#include <QSslSocket>
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

EngineSession::EngineSession(EngineLink link, QObject *parent)
    : QObject(parent)
    , m_link(std::move(link))
{
    m_heartbeat.setInterval(kHeartbeatMs);
    connect(&m_heartbeat, &QTimer::timeout, this, &EngineSession::sendHeartbeat);
}

EngineSession::~EngineSession()
{
    // The socket goes last and says it disconnected: nobody here is left to hear it.
    if (m_socket)
        m_socket->disconnect(this);
}

void EngineSession::start()
{
    if (!m_link.remote) {
        auto *socket = new QLocalSocket;
        m_socket.reset(socket);
        connect(socket, &QLocalSocket::connected, this, &EngineSession::handleConnected);
        connect(socket, &QLocalSocket::errorOccurred, this, [socket](QLocalSocket::LocalSocketError error) {
            if (error == QLocalSocket::PeerClosedError)
                return quitWith(0, {});
            quitWith(1, QStringLiteral("lost the controller: %1").arg(socket->errorString()));
        });
        socket->connectToServer(m_link.serverName);
    } else {
        auto *socket = new QSslSocket;
        m_socket.reset(socket);
        socket->setSslConfiguration(pskConfiguration());
        // Keep-alive probes find a controller whose machine vanished without closing the link.
        socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
        connect(socket, &QSslSocket::preSharedKeyAuthenticationRequired, this,
                [this](QSslPreSharedKeyAuthenticator *authenticator) { answerPsk(authenticator, m_link.secret); });
        connect(socket, &QSslSocket::encrypted, this, &EngineSession::handleConnected);
        connect(socket, &QSslSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError error) {
            if (error == QAbstractSocket::RemoteHostClosedError && m_linkUp)
                return quitWith(0, {});
            quitWith(1,
                     QStringLiteral("lost the controller at %1:%2: %3")
                         .arg(m_link.remote->host)
                         .arg(m_link.remote->port)
                         .arg(socket->errorString()));
        });
        socket->connectToHostEncrypted(m_link.remote->host, m_link.remote->port);
    }
    connect(m_socket.get(), &QIODevice::readyRead, this, &EngineSession::handleReadyRead);
    // The controller closing the link is the normal way an engine is told it is no longer needed;
    // a link closed before it was up is a controller that did not accept this engine.
    whenDisconnected(m_socket.get(), this, [this] {
        if (m_linkUp)
            return quitWith(0, {});
        quitWith(1,
                 QStringLiteral("lost the controller before the link was up (a wrong key, or not a QualCluster "
                                "controller)"));
    });
}

void EngineSession::handleConnected()
{
    HelloMessage hello;
    hello.pid = QCoreApplication::applicationPid();
    hello.host = QHostInfo::localHostName();
    hello.secret = m_link.secret;
    hello.engineId = m_link.engineId;
    send(encode(hello));
    m_linkUp = true;
    m_heartbeat.start();
}

void EngineSession::handleReadyRead()
{
    QCborMap message;
    for (;;) {
        const auto status = m_reader.next(*m_socket, &message);
        if (status == FrameReader::Status::NeedMore)
            return;
        if (status == FrameReader::Status::Error)
            return quitWith(1, QStringLiteral("bad frame from the controller: %1").arg(m_reader.errorString()));
        switch (messageType(message)) {
        case MessageType::Task:
            if (const auto task = decodeTask(message); task && m_queue.size() < kMaxQueued) {
                m_queue.enqueue(*task);
                if (m_currentTask == 0)
                    startNextTask();
            } else {
                return quitWith(1, QStringLiteral("a task that does not decode, or one too many"));
            }
            break;
        case MessageType::Quit:
            return quitWith(0, {});
        case MessageType::Refused:
            return quitWith(1,
                            QStringLiteral("the controller refused this engine: %1").arg(decodeEngineRefusal(message)));
        default:
            return quitWith(1, QStringLiteral("unexpected message from the controller"));
        }
    }
}

void EngineSession::startNextTask()
{
    if (m_queue.isEmpty())
        return;
    const AnalysisTask task = m_queue.dequeue();
    // The work runs on a pool thread so that heartbeats keep flowing during a long task; the
    // controller sends the next task while this one runs, so the engine never waits for it.
    m_failpoints.beforeTask(m_tasksDone, task.files);
    m_currentTask = task.id;
    // The result is encoded on the worker thread too: encoding 960 reads' QC took 0.5-1.3 ms that
    // the engine's event loop used to spend between one task and the next.
    auto *watcher = new QFutureWatcher<QByteArray>(this);
    connect(watcher, &QFutureWatcher<QByteArray>::finished, this, [this, watcher] {
        const QByteArray frame = watcher->result();
        watcher->deleteLater();
        m_currentTask = 0;
        ++m_tasksDone;
        sendFrame(frame); // first: whatever happens to the next task, this one is delivered
        startNextTask();
    });
    watcher->setFuture(QtConcurrent::run([task, failpoints = m_failpoints] {
        failpoints.delayTask();
        return encodeFrame(encode(runTask(task)));
    }));
}

void EngineSession::send(const QCborMap &message)
{
    sendFrame(encodeFrame(message));
}

void EngineSession::sendFrame(const QByteArray &frame)
{
    // Written now rather than on the next event-loop pass: it halves a task's round trip.
    m_socket->write(frame);
    if (auto *local = qobject_cast<QLocalSocket *>(m_socket.get()))
        local->flush();
    else if (auto *tcp = qobject_cast<QAbstractSocket *>(m_socket.get()))
        tcp->flush();
}

void EngineSession::sendHeartbeat()
{
    send(encode(HeartbeatMessage{QCoreApplication::applicationPid(), m_currentTask, m_tasksDone}));
}

} // namespace qc
