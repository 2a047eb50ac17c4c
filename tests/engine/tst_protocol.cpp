// Frames and messages: round trips, and every kind of bad input closing the link cleanly.
#include "protocol/frame.h"
#include "protocol/messages.h"

#include <QBuffer>
#include <QCborArray>
#include <QtEndian>
#include <QtTest>

using namespace qc;

namespace {

// Feeds `bytes` to a FrameReader the way a socket would, in pieces of `chunk` bytes.
QList<QCborMap> readAll(const QByteArray &bytes, qsizetype chunk, FrameReader::Status *last)
{
    FrameReader reader;
    QList<QCborMap> messages;
    *last = FrameReader::Status::NeedMore;
    for (qsizetype at = 0; at < bytes.size(); at += chunk) {
        QByteArray piece = bytes.mid(at, chunk);
        QBuffer device(&piece);
        device.open(QIODevice::ReadOnly);
        QCborMap message;
        while ((*last = reader.next(device, &message)) == FrameReader::Status::Message)
            messages.append(message);
        if (*last == FrameReader::Status::Error)
            break;
    }
    return messages;
}

QByteArray lengthPrefix(quint32 length)
{
    QByteArray prefix(4, Qt::Uninitialized);
    qToBigEndian<quint32>(length, prefix.data());
    return prefix;
}

TaskResult sampleResult()
{
    TaskResult result;
    result.taskId = 42;
    result.sample = QStringLiteral("t1_1");
    result.histogram.addRead(std::vector<std::uint8_t>{10, 20, 30, 40});
    result.histogram.addRead(std::vector<std::uint8_t>{100, 0});
    result.clearHistogram.addBasesAt(std::vector<std::uint8_t>{30, 40}, 2);
    // Two reads of one FASTQ file and one of another file: each path travels once.
    ReadQc first{4, 25.0, 3, 0, {2, 4}, 35.0};
    ReadQc second{2, 50.0, 1, 0, {0, 1}, 100.0};
    result.readSummaries = {
        {QStringLiteral("/data/t1_1/a.fastq"), QStringLiteral("r1"), QStringLiteral("fastq"), first},
        {QStringLiteral("/data/t1_1/a.fastq"), QStringLiteral("r2"), QStringLiteral("fastq"), second},
        {QStringLiteral("/data/t1_1/b.ab1"), QStringLiteral("b"), QStringLiteral("abi"), ReadQc{}}};
    result.files = 2;
    result.reads = 2;
    result.bases = 6;
    result.errors.append({QStringLiteral("/data/t1_1/bad.qual"), 3, -1, QStringLiteral("'x' is not a whole number")});
    result.pid = 1234;
    result.host = QStringLiteral("node1");
    result.startUs = 1'700'000'000'000'000;
    result.endUs = 1'700'000'000'100'000;
    return result;
}

} // namespace

class TestProtocol : public QObject
{
    Q_OBJECT

private slots:
    void resultRoundTripsExactly_data()
    {
        QTest::addColumn<qsizetype>("chunk");
        QTest::newRow("whole frame at once") << qsizetype(1 << 20);
        QTest::newRow("one byte at a time") << qsizetype(1);
        QTest::newRow("seven-byte pieces") << qsizetype(7);
    }
    void resultRoundTripsExactly()
    {
        QFETCH(qsizetype, chunk);
        const TaskResult sent = sampleResult();
        FrameReader::Status last;
        const auto messages = readAll(encodeFrame(encode(sent)) + encodeFrame(encodeQuit()), chunk, &last);
        QCOMPARE(messages.size(), 2);
        const auto received = decodeResult(messages[0]);
        QVERIFY(received);
        QCOMPARE(received->taskId, sent.taskId);
        QCOMPARE(received->sample, sent.sample);
        QVERIFY(received->histogram == sent.histogram);
        QCOMPARE(received->histogram.count(0, 100), 1u);
        QVERIFY(received->clearHistogram == sent.clearHistogram);
        QCOMPARE(received->clearHistogram.count(2, 30), 1u);
        QCOMPARE(received->readSummaries, sent.readSummaries);
        QCOMPARE(received->errors, sent.errors);
        QCOMPARE(received->reads, sent.reads);
        QCOMPARE(received->bases, sent.bases);
        QCOMPARE(received->startUs, sent.startUs);
        QCOMPARE(received->endUs, sent.endUs);
        QCOMPARE(messageType(messages[1]), MessageType::Quit);
    }

    void taskAndHelloRoundTrip()
    {
        const AnalysisTask task{
            7, QStringLiteral("t2_1"), {QStringLiteral("/a/x.qual"), QStringLiteral("/a/ü y.qual")}};
        const auto decodedTask = decodeTask(encode(task));
        QVERIFY(decodedTask);
        QCOMPARE(decodedTask->id, task.id);
        QCOMPARE(decodedTask->files, task.files);

        HelloMessage hello;
        hello.pid = 99;
        hello.host = QStringLiteral("here");
        hello.secret = QByteArray(32, '\x07');
        const auto decodedHello = decodeHello(encode(hello));
        QVERIFY(decodedHello);
        QCOMPARE(decodedHello->magic, QString::fromLatin1(kProtocolMagic));
        QCOMPARE(decodedHello->version, kProtocolVersion);
        QCOMPARE(decodedHello->secret, hello.secret);
    }

    void badFramesAreRejected_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("length over the cap") << lengthPrefix(kMaxFrameBytes + 1) + QByteArray(16, 'x');
        QTest::newRow("huge length prefix") << QByteArray("\xff\xff\xff\xff", 4);
        QTest::newRow("garbage body") << lengthPrefix(5) + QByteArray("\xff\xfe\xfd\xfc\xfb", 5);
        QTest::newRow("CBOR that is not a map") << lengthPrefix(1) + QByteArray("\x05", 1);
        QTest::newRow("truncated CBOR map") << lengthPrefix(2) + QByteArray("\xa1\x61", 2);
    }
    void badFramesAreRejected()
    {
        QFETCH(QByteArray, bytes);
        FrameReader::Status last;
        const auto messages = readAll(bytes, bytes.size(), &last);
        QVERIFY(messages.isEmpty());
        QCOMPARE(last, FrameReader::Status::Error);
    }

    void incompleteFrameWaitsForMore()
    {
        const QByteArray frame = encodeFrame(encodeQuit());
        FrameReader::Status last;
        QVERIFY(readAll(frame.left(frame.size() - 1), 1, &last).isEmpty());
        QCOMPARE(last, FrameReader::Status::NeedMore);
    }

    void malformedMessagesDoNotDecode_data()
    {
        QTest::addColumn<QCborMap>("message");
        QCborMap result = encode(sampleResult());
        result[QStringLiteral("histogram")] = QByteArray::fromHex("000301"); // 3 bins, 1 count
        QTest::newRow("histogram cut inside a position") << result;
        QCborMap task = encode(AnalysisTask{1, QStringLiteral("s"), {QStringLiteral("f")}});
        task[QStringLiteral("files")] = QCborArray{1, 2};
        QTest::newRow("task files that are not strings") << task;
        QCborMap hello = encode(HelloMessage{});
        hello.remove(QStringLiteral("secret"));
        QTest::newRow("hello without a secret") << hello;
    }
    void malformedMessagesDoNotDecode()
    {
        QFETCH(QCborMap, message);
        QVERIFY(!decodeResult(message));
        QVERIFY(!decodeTask(message));
        QVERIFY(!decodeHello(message));
    }
};

QTEST_GUILESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
