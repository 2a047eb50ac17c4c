#include "transport.h"

#include <QAbstractSocket>
#include <QLocalSocket>
#include <QSslCipher>
#include <QSslPreSharedKeyAuthenticator>
#include <QUrl>

namespace qc {

std::optional<Endpoint> parseEndpoint(const QString &text, quint16 defaultPort)
{
    // QUrl knows "[::1]:80" and "host:80"; a bare host gets the default port.
    const QUrl url(QStringLiteral("tcp://") + text.trimmed());
    if (!url.isValid() || url.host().isEmpty() || !url.path().isEmpty() || !url.userInfo().isEmpty())
        return std::nullopt;
    const int port = url.port(defaultPort);
    if (port < 0 || port > 65535)
        return std::nullopt;
    return Endpoint{url.host(), quint16(port)};
}

QSslConfiguration pskConfiguration()
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setProtocol(QSsl::TlsV1_2);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // PSK authenticates; there is no certificate
    QList<QSslCipher> ciphers;
    for (const QSslCipher &cipher : QSslConfiguration::supportedCiphers())
        if (cipher.name().startsWith(u"ECDHE-PSK") || cipher.name().startsWith(u"DHE-PSK"))
            ciphers.append(cipher);
    configuration.setCiphers(ciphers);
    configuration.setPreSharedKeyIdentityHint(kPskIdentity);
    return configuration;
}

void answerPsk(QSslPreSharedKeyAuthenticator *authenticator, const QByteArray &secret)
{
    authenticator->setIdentity(kPskIdentity);
    authenticator->setPreSharedKey(secret.left(authenticator->maximumPreSharedKeyLength()));
}

void whenDisconnected(QIODevice *device, QObject *context, const std::function<void()> &handler)
{
    if (auto *local = qobject_cast<QLocalSocket *>(device))
        QObject::connect(local, &QLocalSocket::disconnected, context, handler, Qt::SingleShotConnection);
    else if (auto *tcp = qobject_cast<QAbstractSocket *>(device))
        QObject::connect(tcp, &QAbstractSocket::disconnected, context, handler, Qt::SingleShotConnection);
}

} // namespace qc
