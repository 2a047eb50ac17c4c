#include "enginelistener.h"

#include "stalesockets.h"

#include <QCoreApplication>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSslPreSharedKeyAuthenticator>
#include <QSslServer>
#include <QSslSocket>
#include <QTimer>

Q_LOGGING_CATEGORY(lcListener, "qualcluster.cluster")

namespace qc {

// QSslServer drops a client that does not speak TLS without a word; this sees every socket it
// makes, so that such clients are counted and logged like the others.
class TcpServer : public QSslServer
{
    Q_OBJECT

public:
    using QSslServer::QSslServer;

signals:
    void socketCreated(QSslSocket *socket);

protected:
    void incomingConnection(qintptr descriptor) override
    {
        const QObjectList before = children();
        QSslServer::incomingConnection(descriptor);
        for (QObject *child : children())
            if (auto *socket = qobject_cast<QSslSocket *>(child); socket && !before.contains(child))
                emit socketCreated(socket);
    }
};

namespace {

// A client that connects and says nothing (or never finishes its TLS handshake) is dropped.
constexpr int kHelloTimeoutMs = 2000;

} // namespace

EngineListener::EngineListener(QByteArray secret, Admit admit, QObject *parent)
    : QObject(parent)
    , m_secret(std::move(secret))
    , m_admit(std::move(admit))
{}

EngineListener::~EngineListener() = default;

std::optional<QString> EngineListener::listenLocal()
{
    const QString name = QStringLiteral("qualcluster-%1-%2")
                             .arg(QCoreApplication::applicationPid())
                             .arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
    m_local = new QLocalServer(this);
    m_local->setSocketOptions(QLocalServer::UserAccessOption);
    removeStaleSockets(); // left by a crashed run of this program
    if (!m_local->listen(name))
        return QStringLiteral("Cannot listen on %1: %2").arg(name, m_local->errorString());
    connect(m_local, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_local->nextPendingConnection())
            takePending(socket);
    });
    return std::nullopt;
}

std::optional<QString> EngineListener::listenTcp(const Endpoint &at)
{
    m_tcp = new TcpServer(this);
    m_tcp->setSslConfiguration(pskConfiguration());
    m_tcp->setHandshakeTimeout(kHelloTimeoutMs);
    connect(m_tcp, &QSslServer::preSharedKeyAuthenticationRequired, this,
            [this](QSslSocket *, QSslPreSharedKeyAuthenticator *authenticator) { answerPsk(authenticator, m_secret); });
    // A peer without the key fails the handshake, or never finishes it, or does not speak TLS at
    // all: nothing it sends is ever read. Each such connection is counted and logged once.
    connect(m_tcp, &TcpServer::socketCreated, this, [this](QSslSocket *socket) {
        m_handshaking.insert(socket);
        const QString peer = socket->peerAddress().toString();
        const auto lost = [this, socket, peer] {
            if (!m_handshaking.remove(socket))
                return;
            ++m_dropped;
            qCWarning(lcListener).noquote()
                << "dropped a TCP client from" << peer << "before its hello: no TLS handshake with the cluster's key"
                << socket->errorString();
        };
        connect(socket, &QSslSocket::disconnected, this, lost);
        connect(socket, &QObject::destroyed, this, lost);
    });
    QHostAddress address = at.host.isEmpty() ? QHostAddress(QHostAddress::Any) : QHostAddress(at.host);
    if (address.isNull())
        address = QHostAddress::Any; // a host name: listen everywhere, engines use the name
    if (!m_tcp->listen(address, at.port))
        return QStringLiteral("Cannot listen on %1:%2: %3")
            .arg(address.toString())
            .arg(at.port)
            .arg(m_tcp->errorString());
    connect(m_tcp, &QSslServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_tcp->nextPendingConnection()) {
            m_handshaking.remove(socket);
            socket->disconnect(this);
            takePending(socket);
        }
    });
    return std::nullopt;
}

QString EngineListener::serverName() const
{
    return m_local ? m_local->fullServerName() : QString();
}

quint16 EngineListener::tcpPort() const
{
    return m_tcp ? m_tcp->serverPort() : 0;
}

void EngineListener::takePending(QIODevice *socket)
{
    socket->setParent(this);
    m_pending.insert(socket, FrameReader{});
    connect(socket, &QIODevice::readyRead, this, [this, socket] { handlePendingData(socket); });
    whenDisconnected(socket, this, [this, socket] {
        if (m_pending.remove(socket))
            socket->deleteLater();
    });
    QTimer::singleShot(kHelloTimeoutMs, socket, [this, socket] {
        if (m_pending.contains(socket))
            drop(socket, QStringLiteral("it said nothing for %1 s").arg(kHelloTimeoutMs / 1000));
    });
    if (socket->bytesAvailable() > 0)
        handlePendingData(socket);
}

void EngineListener::handlePendingData(QIODevice *socket)
{
    auto it = m_pending.find(socket);
    if (it == m_pending.end())
        return;
    QCborMap message;
    const auto status = it->next(*socket, &message);
    if (status == FrameReader::Status::NeedMore)
        return;
    if (status == FrameReader::Status::Error)
        return drop(socket, it->errorString());
    const auto hello = decodeHello(message);
    if (!hello)
        return drop(socket, QStringLiteral("its first message is not a hello"));
    if (hello->magic != QString::fromLatin1(kProtocolMagic) || hello->version != kProtocolVersion)
        return refuse(socket,
                      QStringLiteral("engine %1 (pid %2 on %3) speaks %4 protocol %5; this controller speaks "
                                     "%6 protocol %7: install the same QualCluster release everywhere")
                          .arg(hello->engineId)
                          .arg(hello->pid)
                          .arg(hello->host, hello->magic)
                          .arg(hello->version)
                          .arg(QString::fromLatin1(kProtocolMagic))
                          .arg(kProtocolVersion));
    if (hello->secret != m_secret)
        return drop(socket, QStringLiteral("wrong secret from pid %1 on %2").arg(hello->pid).arg(hello->host));
    FrameReader reader = m_pending.take(socket);
    if (const QString refusal = m_admit(socket, reader, *hello); !refusal.isEmpty()) {
        m_pending.emplace(socket, std::move(reader));
        return refuse(socket, refusal);
    }
    socket->disconnect(this);
}

void EngineListener::refuse(QIODevice *socket, const QString &why)
{
    // It knew the secret, so it may hear why it is turned away: an engine prints it and exits.
    // The link is closed gently, after the refusal went out; cut if the peer lingers.
    ++m_dropped;
    qCWarning(lcListener).noquote() << "refused a client:" << why;
    m_pending.remove(socket);
    socket->disconnect(this);
    writeFrame(*socket, encodeEngineRefusal(why));
    whenDisconnected(socket, socket, [socket] { socket->deleteLater(); });
    if (auto *local = qobject_cast<QLocalSocket *>(socket))
        local->disconnectFromServer();
    else if (auto *tcp = qobject_cast<QAbstractSocket *>(socket))
        tcp->disconnectFromHost();
    QTimer::singleShot(kHelloTimeoutMs, socket, [socket] { socket->deleteLater(); });
}

void EngineListener::drop(QIODevice *socket, const QString &why)
{
    ++m_dropped;
    qCWarning(lcListener).noquote() << "dropped a client:" << why;
    m_pending.remove(socket);
    socket->disconnect(this);
    if (auto *local = qobject_cast<QLocalSocket *>(socket))
        local->abort();
    else if (auto *tcp = qobject_cast<QAbstractSocket *>(socket))
        tcp->abort();
    socket->deleteLater();
}

} // namespace qc

#include "enginelistener.moc"
