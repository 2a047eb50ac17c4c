// What lies under the frames: a QLocalSocket on this machine, or TCP with TLS whose key is the
// cluster's secret (pre-shared key: both ends prove they hold it, and it never crosses the wire).
#pragma once

#include <QSslConfiguration>
#include <QString>

#include <functional>
#include <optional>

class QIODevice;
class QObject;
class QSslPreSharedKeyAuthenticator;

namespace qc {

inline constexpr char kPskIdentity[] = "qualcluster-engine";
inline constexpr quint16 kDefaultEnginePort = 0; // any free port

struct Endpoint
{
    QString host;
    quint16 port = 0;
};

// "host", "host:port", "[v6]:port"; nullopt when the port is not a number in range.
std::optional<Endpoint> parseEndpoint(const QString &text, quint16 defaultPort = kDefaultEnginePort);

// TLS 1.2 with ECDHE-PSK (or DHE-PSK) cipher suites only: forward secrecy, no certificates, and a
// peer without the key fails the handshake before a byte of the protocol is read.
QSslConfiguration pskConfiguration();
// Answers a PSK request with the cluster's secret (on either side).
void answerPsk(QSslPreSharedKeyAuthenticator *authenticator, const QByteArray &secret);

// Calls `handler` once when `device` (a QLocalSocket or a QAbstractSocket) loses its peer.
void whenDisconnected(QIODevice *device, QObject *context, const std::function<void()> &handler);

} // namespace qc
