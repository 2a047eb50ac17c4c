// Where engines connect: a user-only local socket, or a TCP port with TLS keyed by the cluster's
// secret. Connections that do not say a valid hello in time are dropped and logged; a valid one
// is offered to the cluster, which takes it or says why not.
#pragma once

#include "protocol/frame.h"
#include "protocol/messages.h"
#include "protocol/transport.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <functional>
#include <optional>

class QIODevice;
class QLocalServer;
namespace qc {

class TcpServer;

class EngineListener : public QObject
{
    Q_OBJECT

public:
    // Returns an empty string when it takes the connection, else why it does not.
    using Admit = std::function<QString(QIODevice *socket, FrameReader &reader, const HelloMessage &hello)>;

    EngineListener(QByteArray secret, Admit admit, QObject *parent = nullptr);
    ~EngineListener() override;

    std::optional<QString> listenLocal();
    // `at.host` empty: every interface; `at.port` 0: any free port.
    std::optional<QString> listenTcp(const Endpoint &at);
    QString serverName() const;
    quint16 tcpPort() const;
    // Connections dropped so far (bad TLS, bad hello, silence): for tests and logs.
    int droppedCount() const { return m_dropped; }

private:
    void takePending(QIODevice *socket);
    void handlePendingData(QIODevice *socket);
    void drop(QIODevice *socket, const QString &why);
    void refuse(QIODevice *socket, const QString &why);

    QByteArray m_secret;
    Admit m_admit;
    QLocalServer *m_local = nullptr;
    TcpServer *m_tcp = nullptr;
    QHash<QIODevice *, FrameReader> m_pending;
    QSet<QObject *> m_handshaking; // TCP connections still in their TLS handshake
    int m_dropped = 0;
};

} // namespace qc
