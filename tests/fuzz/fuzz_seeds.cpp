// Writes small valid inputs for each fuzz target into DIR/<target>/, so that the fuzzers start
// from real frames and histograms instead of having to discover CBOR and varints by chance.
#include "protocol/frame.h"
#include "protocol/messages.h"

#include <QDir>
#include <QFile>

#include <cstdio>

using namespace qc;

namespace {

bool writeSeed(const QString &dir, const QString &name, const QByteArray &bytes)
{
    QFile file(dir + u'/' + name);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

PositionHistogram sampleHistogram()
{
    PositionHistogram histogram;
    histogram.addRead(std::vector<std::uint8_t>{10, 20, 30, 40, 0, 100});
    histogram.addRead(std::vector<std::uint8_t>{12, 20, 99});
    return histogram;
}

// Counts above 127 and 16383 take two and three varint bytes.
PositionHistogram largeCountHistogram()
{
    PositionHistogram histogram;
    for (int i = 0; i < 20000; ++i)
        histogram.addRead(std::vector<std::uint8_t>{40, std::uint8_t(i % 200 == 0 ? 2 : 38)});
    return histogram;
}

TaskResult sampleResult()
{
    TaskResult result;
    result.taskId = 7;
    result.sample = QStringLiteral("t1_1");
    result.histogram = sampleHistogram();
    result.files = 2;
    result.reads = 2;
    result.bases = 9;
    result.errors.append({QStringLiteral("t1_1/bad.qual"), 3, -1, QStringLiteral("'x' is not a whole number")});
    result.pid = 4242;
    result.host = QStringLiteral("node1");
    result.startUs = 1'700'000'000'000'000;
    result.endUs = 1'700'000'000'100'000;
    return result;
}

QList<QPair<QString, QCborMap>> sampleMessages()
{
    HelloMessage hello;
    hello.pid = 4242;
    hello.host = QStringLiteral("node1");
    hello.secret = QByteArray(32, 'k');
    AnalysisTask task;
    task.id = 7;
    task.sample = QStringLiteral("t1_1");
    task.files = {QStringLiteral("t1_1/a.qual"), QStringLiteral("t1_1/b.qual")};
    return {{QStringLiteral("hello"), encode(hello)},
            {QStringLiteral("task"), encode(task)},
            {QStringLiteral("result"), encode(sampleResult())},
            {QStringLiteral("heartbeat"), encode(HeartbeatMessage{4242, 7, 3})},
            {QStringLiteral("quit"), encodeQuit()}};
}

bool writeFrameSeeds(const QString &dir)
{
    // The first byte picks the chunk size (byte + 1): whole frames, single bytes, a split prefix.
    const char chunkBytes[] = {char(255), char(0), char(2)};
    QByteArray stream;
    bool ok = true;
    for (const auto &[name, message] : sampleMessages()) {
        const QByteArray frame = encodeFrame(message);
        stream += frame;
        for (const char chunk : chunkBytes)
            ok &= writeSeed(dir, name + u'-' + QString::number(std::uint8_t(chunk) + 1), chunk + frame);
    }
    return ok && writeSeed(dir, QStringLiteral("stream"), char(16) + stream);
}

bool writeHistogramSeeds(const QString &dir)
{
    return writeSeed(dir, QStringLiteral("empty"), PositionHistogram().toPacked())
        && writeSeed(dir, QStringLiteral("sample"), sampleHistogram().toPacked())
        && writeSeed(dir, QStringLiteral("large-counts"), largeCountHistogram().toPacked());
}

// The shared reference files are the main .qual seeds; these add the edge cases the README names.
bool writeQualSeeds(const QString &dir)
{
    return writeSeed(dir, QStringLiteral("two-reads"), ">r1 first read\n10 20 30\n40 0 100\n>r2\n7\n")
        && writeSeed(dir, QStringLiteral("crlf-blank"), "\r\n>r1\r\n 1\t2 \r\n\r\n>r2\r\n>r3\r\n99\r\n")
        && writeSeed(dir, QStringLiteral("rejected"), ">r1\n10 101\n");
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: fuzz_seeds DIR\n");
        return 2;
    }
    const QString root = QString::fromLocal8Bit(argv[1]);
    const struct
    {
        const char *target;
        bool (*write)(const QString &);
    } writers[] = {
        {"fuzz_qualreader", writeQualSeeds}, {"fuzz_frame", writeFrameSeeds}, {"fuzz_histogram", writeHistogramSeeds}};
    for (const auto &writer : writers) {
        const QString dir = root + u'/' + QLatin1StringView(writer.target);
        if (!QDir().mkpath(dir) || !writer.write(dir)) {
            std::fprintf(stderr, "fuzz_seeds: cannot write %s\n", qUtf8Printable(dir));
            return 1;
        }
    }
    return 0;
}
