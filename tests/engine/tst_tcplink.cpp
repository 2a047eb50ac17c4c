// Engines over TCP: TLS keyed by the cluster's secret admits the real engine, and drops every
// hostile client (garbage, a wrong key, a huge length, silence, a port scan) without harm.
#include "cluster/enginelistener.h"
#include "protocol/messages.h"
#include "protocol/transport.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSslPreSharedKeyAuthenticator>
#include <QSslSocket>
#include <QTcpSocket>
#include <QtTest>

using namespace qc;

namespace {

const QByteArray kSecret(32, '\x2a');

struct Admitted
{
    QList<HelloMessage> hellos;
    QList<QIODevice *> sockets;
};

// A TLS client that knows `key`, connecting; the listener is in this process, so the test waits
// for it with the event loop running (QTRY), never with a blocking wait.
std::unique_ptr<QSslSocket> tlsClient(quint16 port, const QByteArray &key)
{
    auto socket = std::make_unique<QSslSocket>();
    socket->setSslConfiguration(pskConfiguration());
    QObject::connect(socket.get(), &QSslSocket::preSharedKeyAuthenticationRequired, socket.get(),
                     [key](QSslPreSharedKeyAuthenticator *authenticator) { answerPsk(authenticator, key); });
    socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    return socket;
}

} // namespace

class TestTcpLink : public QObject
{
    Q_OBJECT

private:
    Admitted m_admitted;
    std::unique_ptr<EngineListener> m_listener;

    void listen()
    {
        m_admitted = {};
        m_listener = std::make_unique<EngineListener>(
            kSecret, [this](QIODevice *socket, FrameReader &, const HelloMessage &hello) {
                if (hello.engineId != 7)
                    return QStringLiteral("engine %1 is not one this cluster is waiting for").arg(hello.engineId);
                socket->setParent(nullptr);
                m_admitted.hellos.append(hello);
                m_admitted.sockets.append(socket);
                return QString();
            });
        QVERIFY(!m_listener->listenTcp({QStringLiteral("127.0.0.1"), 0}));
        QVERIFY(m_listener->tcpPort() > 0);
    }

private slots:
    void init() { listen(); }
    void cleanup()
    {
        qDeleteAll(m_admitted.sockets);
        m_listener.reset();
    }

    void theRealEngineConnectsOverTls()
    {
        QProcess engine;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QString::fromLatin1(kSecretVariable), QString::fromLatin1(kSecret.toHex()));
        engine.setProcessEnvironment(environment);
        engine.start(QStringLiteral(ENGINE_PATH),
                     {QStringLiteral("--connect"), QStringLiteral("127.0.0.1:%1").arg(m_listener->tcpPort()),
                      QStringLiteral("--engine-id"), QStringLiteral("7")});
        QTRY_COMPARE_WITH_TIMEOUT(m_admitted.hellos.size(), 1, 10000);
        QCOMPARE(m_admitted.hellos[0].pid, engine.processId());
        QCOMPARE(m_listener->droppedCount(), 0);
        // The engine ends with its link.
        m_admitted.sockets[0]->close();
        QVERIFY(engine.waitForFinished(5000));
        QCOMPARE(engine.exitCode(), 0);
    }

    void anEngineWithTheWrongKeyNeverGetsIn()
    {
        QProcess engine;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QString::fromLatin1(kSecretVariable), QString::fromLatin1(QByteArray(32, '\x01').toHex()));
        engine.setProcessEnvironment(environment);
        engine.setProcessChannelMode(QProcess::MergedChannels);
        engine.start(QStringLiteral(ENGINE_PATH),
                     {QStringLiteral("--connect"), QStringLiteral("127.0.0.1:%1").arg(m_listener->tcpPort()),
                      QStringLiteral("--engine-id"), QStringLiteral("7")});
        QTRY_COMPARE_WITH_TIMEOUT(engine.state(), QProcess::NotRunning, 10000);
        QCOMPARE(engine.exitCode(), 1);
        QVERIFY(engine.readAll().contains("lost the controller"));
        QVERIFY(m_admitted.hellos.isEmpty());
        QTRY_COMPARE(m_listener->droppedCount(), 1);
    }

    void hostileClientsAreDropped_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("plain TCP garbage") << QByteArray() << QByteArray("GET / HTTP/1.0\r\n\r\n");
        QTest::newRow("TLS with a wrong key") << QByteArray(32, '\x01') << QByteArray("\x00\x00\x00\x05hello", 9);
        QTest::newRow("a huge length prefix") << kSecret << QByteArray("\x7f\xff\xff\xff", 4);
        QTest::newRow("not CBOR") << kSecret << QByteArray("\x00\x00\x00\x04\xff\xff\xff\xff", 8);
        QTest::newRow("a hello with the wrong secret")
            << kSecret
            << encodeFrame(encode(
                   HelloMessage{QString::fromLatin1(kProtocolMagic), kProtocolVersion, 1, {}, QByteArray(32, 'x'), 7}));
        QTest::newRow("an older protocol")
            << kSecret << encodeFrame(encode(HelloMessage{QString::fromLatin1(kProtocolMagic), 1, 1, {}, kSecret, 7}));
        QTest::newRow("an engine not started here")
            << kSecret
            << encodeFrame(
                   encode(HelloMessage{QString::fromLatin1(kProtocolMagic), kProtocolVersion, 1, {}, kSecret, 99}));
        QTest::newRow("silence") << kSecret << QByteArray();
    }

    void hostileClientsAreDropped()
    {
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, bytes);
        std::unique_ptr<QTcpSocket> client;
        if (key.isEmpty()) {
            client = std::make_unique<QTcpSocket>();
            client->connectToHost(QStringLiteral("127.0.0.1"), m_listener->tcpPort());
            QTRY_COMPARE(client->state(), QAbstractSocket::ConnectedState);
        } else {
            client = tlsClient(m_listener->tcpPort(), key);
            if (key == kSecret)
                QTRY_VERIFY(static_cast<QSslSocket *>(client.get())->isEncrypted());
        }
        if (client->state() == QAbstractSocket::ConnectedState && !bytes.isEmpty()) {
            client->write(bytes);
            client->flush();
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_listener->droppedCount(), 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(client->state(), QAbstractSocket::UnconnectedState, 5000);
        QVERIFY(m_admitted.hellos.isEmpty());
    }

    void anEngineOfAnotherReleaseIsToldWhy()
    {
        auto client = tlsClient(m_listener->tcpPort(), kSecret);
        QTRY_VERIFY_WITH_TIMEOUT(client->isEncrypted(), 5000);
        // Read as an engine does, as the bytes come: a closed socket cannot be read any more.
        FrameReader reader;
        QCborMap message;
        bool received = false;
        connect(client.get(), &QIODevice::readyRead, this,
                [&] { received = received || reader.next(*client, &message) == FrameReader::Status::Message; });
        client->write(encodeFrame(
            encode(HelloMessage{QString::fromLatin1(kProtocolMagic), 1, 42, QStringLiteral("node7"), kSecret, 7})));
        QTRY_VERIFY_WITH_TIMEOUT(received, 5000);
        QCOMPARE(messageType(message), MessageType::Refused);
        const QString reason = decodeEngineRefusal(message);
        QVERIFY2(reason.contains(QStringLiteral("protocol 1")) && reason.contains(QStringLiteral("node7"))
                     && reason.contains(QStringLiteral("same QualCluster release")),
                 qPrintable(reason));
        QVERIFY(m_admitted.hellos.isEmpty());
    }

    void aPortScanLeavesTheListenerWorking()
    {
        for (int i = 0; i < 50; ++i) {
            QTcpSocket probe;
            probe.connectToHost(QStringLiteral("127.0.0.1"), m_listener->tcpPort());
            QTRY_COMPARE(probe.state(), QAbstractSocket::ConnectedState);
            probe.abort();
        }
        auto client = tlsClient(m_listener->tcpPort(), kSecret);
        QTRY_VERIFY_WITH_TIMEOUT(client->isEncrypted(), 5000);
        client->write(encodeFrame(encode(HelloMessage{QString::fromLatin1(kProtocolMagic), kProtocolVersion, 1,
                                                      QStringLiteral("here"), kSecret, 7})));
        QTRY_COMPARE_WITH_TIMEOUT(m_admitted.hellos.size(), 1, 5000);
        QCOMPARE(m_admitted.hellos[0].host, QStringLiteral("here"));
    }
};

QTEST_GUILESS_MAIN(TestTcpLink)
#include "tst_tcplink.moc"
