// The streamed reports against what they replaced: the JSON byte for byte what QJsonDocument
// wrote from the old tree, the CSV byte for byte what the old concatenation built.
#include "analysis/runresult.h"
#include "analysis/sample.h"
#include "demo/demodata.h"
#include "legacyreports.h"
#include "report/csvreport.h"
#include "report/jsonreport.h"
#include "report/jsonwriter.h"
#include "report/numberformat.h"
#include "sampleresults.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator64>
#include <QTemporaryDir>
#include <QtTest>

#include <bit>
#include <cmath>
#include <functional>
#include <limits>

Q_DECLARE_METATYPE(qc::RunResult)

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

template<typename Write> QByteArray written(Write write)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (!write(&buffer))
        qWarning("the writer said it failed");
    return buffer.data();
}

QByteArray streamedJson(const qc::RunResult &run, int minQv20 = qc::kDefaultMinQv20)
{
    return written([&](QIODevice *device) { return qc::writeRunJson(device, run, minQv20); });
}

// Every kind of text a name can hold, including what Qt makes of file names that are not UTF-8.
QStringList awkwardStrings()
{
    return {QString(),
            QStringLiteral("say \"hi\" \\ back/slash, comma; tab\there"),
            QStringLiteral("line\nfeed\r\nand\b\f"),
            QString::fromUtf16(u"control \u0001\u001f\u007f end"),
            QString::fromUtf16(u"caf\u00e9 \u4e2d\u6587 \U0001F9EC \u00a0\u2028"),
            QFile::decodeName("bad\xff\xfename.qual"), // invalid UTF-8: U+FFFD
            QString::fromLatin1("caf\xe9.qual"), // as undecodable names are reported
            QString(QChar(0xd800)) + u"lone high", // lone surrogates, escaped as \ud800
            u"lone low " + QString(QChar(0xdc01)),
            u"high at the end " + QString(QChar(0xdbff)),
            QString(QChar(0xd83d)) + QChar(0xd83d) + QChar(0xde00), // high, then a pair
            QString(QChar(0)) + u"nul"};
}

// Hand-made results in every shape the schema has: empty arrays, nulls, errors with and without
// offsets, engines, tasks, the optional timing figures, NaN and infinities.
qc::RunResult awkwardRun()
{
    qc::RunResult run = handMadeRun();
    const QStringList strings = awkwardStrings();
    qc::SampleResult &first = run.samples[0];
    for (int i = 0; i < strings.size(); ++i) {
        qc::ReadSummary read{strings[i], strings[(i + 3) % strings.size()], QStringLiteral("qual"), {}};
        read.qc = {100 + i, 30.0 + i / 7.0, 90, 80, {i, 95 - i}, i == 1 ? kNaN : 41.5};
        first.readSummaries.append(read);
        first.errors.append({strings[i], i, i % 2 ? -1 : qint64(i) << 40, strings[(i + 1) % strings.size()]});
    }
    first.readSummaries.append({QStringLiteral("cut.qual"),
                                QStringLiteral("all trimmed"),
                                QStringLiteral("fastq"),
                                {10, 3.25, 0, 0, {4, 4}, 0}});
    first.engines = {{0, 4242, QStringLiteral("node\"1")}, {-1, 0, {}}};
    first.seconds = kInf;
    first.files = 17;
    first.sample.path = strings[1];
    first.sample.skippedFiles = 3;
    first.clearHistogram.addBasesAt(std::vector<std::uint8_t>{30, 31, 32}, 5); // positions 1..5 empty
    run.samples[1].seconds = -0.0;
    run.samples[2].sample.treatment = -1;
    run.samples[2].seconds = 1e-7;
    run.samples.append(qc::SampleResult{}); // nothing at all
    run.samples.last().sample.name = QStringLiteral("empty, \"quoted\"\nname");
    run.tasks = {{7, QStringLiteral("t1_1"), 0, 4242, 1700000000000000, 1700000000123456, QStringLiteral("h")},
                 {std::numeric_limits<quint64>::max() >> 1, strings[2], -1, -5, 0, 0, {}}};
    run.runErrors = {{QStringLiteral("task 3"), 0, -1, QStringLiteral("the engine died")}};
    run.timing = {QStringLiteral("balanced"), 3, 0.0123, 2.5, 7.5};
    return run;
}

// The demo data set analysed in this process, as `analyze --mode serial` would, with a file
// whose name is not UTF-8 among the reads.
qc::RunResult demoRun(const QString &dir)
{
    if (const auto error = qc::writeDemoData(dir, qc::DemoOptions{96}))
        qFatal("%s", qPrintable(*error));
    QFile odd(QFile::decodeName(QFile::encodeName(dir) + "/t1_1/caf\xe9.qual"));
    odd.open(QIODevice::WriteOnly);
    QStringList problems;
    const QList<qc::Sample> samples = qc::discoverSamples({dir}, &problems);
    qc::RunAccumulator accumulator(samples);
    for (const qc::AnalysisTask &task : qc::planTasks(samples, 4))
        accumulator.add(qc::runTask(task));
    return accumulator.take({QStringLiteral("serial"), 1, 0, 1.25, std::nullopt});
}

// A device that takes `limit` bytes, then fails every write.
class FailingDevice : public QIODevice
{
public:
    explicit FailingDevice(qint64 limit)
        : m_limit(limit)
    {
        open(QIODevice::WriteOnly);
    }
    qint64 taken = 0;

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 size) override
    {
        if (taken + size > m_limit)
            return -1;
        taken += size;
        return size;
    }

private:
    qint64 m_limit;
};

} // namespace

class TestReports : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    qc::RunResult m_demo;

    void addRuns()
    {
        QTest::addColumn<qc::RunResult>("run");
        QTest::newRow("hand-made") << handMadeRun();
        QTest::newRow("every awkward value") << awkwardRun();
        QTest::newRow("empty run") << qc::RunResult{};
        QTest::newRow("demo data analysed") << m_demo;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_demo = demoRun(m_tmp.filePath(QStringLiteral("demo")));
        QCOMPARE(m_demo.samples.size(), 12);
        QCOMPARE(m_demo.samples[0].readSummaries.size(), 96);
        QCOMPARE(m_demo.samples[0].errors.size(), 1); // the file whose name is not UTF-8
    }

    void jsonIsWhatTheTreeWrote_data() { addRuns(); }
    void jsonIsWhatTheTreeWrote()
    {
        QFETCH(qc::RunResult, run);
        for (const int minQv20 : {qc::kDefaultMinQv20, 500}) {
            const QByteArray expected = QJsonDocument(legacy::runToJson(run, minQv20)).toJson();
            const QByteArray actual = streamedJson(run, minQv20);
            if (actual != expected) {
                qsizetype at = 0;
                while (at < actual.size() && at < expected.size() && actual[at] == expected[at])
                    ++at;
                qWarning("first difference at byte %lld:\nstreamed: %s\ntree:     %s", qint64(at),
                         actual.mid(at - 80, 160).constData(), expected.mid(at - 80, 160).constData());
            }
            QVERIFY(actual == expected);
            QCOMPARE(QJsonDocument(qc::runToJson(run, minQv20)).toJson(), expected);
        }
    }

    void csvIsWhatTheConcatenationBuilt_data() { addRuns(); }
    void csvIsWhatTheConcatenationBuilt()
    {
        QFETCH(qc::RunResult, run);
        QCOMPARE(written([&](QIODevice *d) { return qc::writeRunCsv(d, run); }), legacy::runToCsv(run));
        QCOMPARE(written([&](QIODevice *d) { return qc::writeReadsCsv(d, run); }), legacy::readsToCsv(run));
        QCOMPARE(qc::runToCsv(run), legacy::runToCsv(run));
        QCOMPARE(qc::readsToCsv(run), legacy::readsToCsv(run));
    }

    void filesAreWrittenWhole()
    {
        const QString json = m_tmp.filePath(QStringLiteral("out/results.json"));
        const QString csv = m_tmp.filePath(QStringLiteral("out/positions.csv"));
        const QString reads = m_tmp.filePath(QStringLiteral("out/reads.csv"));
        QVERIFY(QDir().mkpath(m_tmp.filePath(QStringLiteral("out"))));
        QCOMPARE(qc::writeJsonReport(m_demo, json), std::nullopt);
        QCOMPARE(qc::writeCsvReport(m_demo, csv), std::nullopt);
        QCOMPARE(qc::writeReadsCsvReport(m_demo, reads), std::nullopt);
        const auto contents = [](const QString &path) {
            QFile file(path);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        };
        QCOMPARE(contents(json), QJsonDocument(legacy::runToJson(m_demo, qc::kDefaultMinQv20)).toJson());
        QCOMPARE(contents(csv), legacy::runToCsv(m_demo));
        QCOMPARE(contents(reads), legacy::readsToCsv(m_demo));
    }

    // Issue item 1: engines that ended during the run are in results.json, beside the number working
    // at once; the report of a run without one stays as it was (jsonIsWhatTheTreeWrote).
    void lostEnginesAreReported()
    {
        qc::RunResult run = handMadeRun();
        run.timing.engines = 4;
        run.lostEngines = {{2, 4343, QStringLiteral("node\"2"), QStringLiteral("killed by signal 9")},
                           {5, 77, {}, QStringLiteral("exited with code 1")}};
        const QByteArray bytes = written([&run](QIODevice *d) { return qc::writeRunJson(d, run); });
        const QJsonDocument document = QJsonDocument::fromJson(bytes);
        QCOMPARE(bytes, document.toJson()); // still laid out and ordered as QJsonDocument writes it
        const QJsonObject timing = document[u"run"].toObject();
        QCOMPARE(timing[u"engines"].toInt(), 4);
        const QJsonArray lost = timing[u"lost_engines"].toArray();
        QCOMPARE(lost.size(), 2);
        QCOMPARE(lost[0].toObject(),
                 QJsonObject({{QStringLiteral("host"), QStringLiteral("node\"2")},
                              {QStringLiteral("how"), QStringLiteral("killed by signal 9")},
                              {QStringLiteral("id"), 2},
                              {QStringLiteral("pid"), 4343}}));
        QCOMPARE(lost[1][u"how"].toString(), QStringLiteral("exited with code 1"));
        QVERIFY(!qc::runToJson(handMadeRun())[u"run"].toObject().contains(u"lost_engines"));
    }

    void failuresAreSaid()
    {
        const QString missing = m_tmp.filePath(QStringLiteral("no/such/folder/results.json"));
        const auto error = qc::writeJsonReport(m_demo, missing);
        QVERIFY(error);
        QVERIFY2(error->startsWith(QStringLiteral("Cannot write ") + missing + u':'), qPrintable(*error));
        QVERIFY(qc::writeCsvReport(m_demo, missing));
        QVERIFY(qc::writeReadsCsvReport(m_demo, missing));
        QVERIFY(!QFile::exists(missing));

        // A device that fills up part way, even at the last byte: the writers say so.
        const std::function<bool(QIODevice *)> writers[] = {
            [this](QIODevice *d) { return qc::writeRunJson(d, m_demo); },
            [this](QIODevice *d) { return qc::writeRunCsv(d, m_demo); },
            [this](QIODevice *d) { return qc::writeReadsCsv(d, m_demo); }};
        for (const auto &write : writers) {
            const qint64 size = written(write).size();
            for (const qint64 limit : {qint64(0), qint64(1000), size - 1}) {
                FailingDevice device(limit);
                QVERIFY(!write(&device));
                QVERIFY(device.taken <= limit);
            }
            FailingDevice roomy(size);
            QVERIFY(write(&roomy));
            QCOMPARE(roomy.taken, size);
        }
    }

    // Strings longer than the buffer, escapes and surrogate pairs across its pieces, nesting
    // deeper than the writer's inline levels: all as QJsonDocument lays them out.
    void writerMatchesQJsonDocumentWithSmallBuffers()
    {
        QString long1, long2;
        const QStringList strings = awkwardStrings();
        for (int i = 0; i < 400; ++i)
            long1 += strings[i % strings.size()];
        for (int i = 0; i < 3000; ++i)
            long2 += i % 41 == 0 ? QStringLiteral("\U0001F9EC") : QStringLiteral("x");
        for (const qsizetype bufferSize : {qsizetype(0), qsizetype(257), qsizetype(1000), qsizetype(1 << 20)}) {
            QJsonArray expected{QJsonArray{},
                                QJsonObject{},
                                long1,
                                long2,
                                true,
                                false,
                                QJsonValue(),
                                -0.0,
                                1e300,
                                0.1,
                                qint64(-9007199254740993)};
            QJsonValue nested = QJsonArray{QStringLiteral("bottom")};
            for (int depth = 0; depth < 30; ++depth)
                nested = QJsonObject{{QStringLiteral("d"), nested}, {QStringLiteral("e"), QJsonArray{}}};
            expected.append(nested);
            const QByteArray actual = written([&](QIODevice *device) {
                qc::JsonWriter json(device, bufferSize);
                json.beginArray();
                json.beginArray();
                json.endArray();
                json.beginObject();
                json.endObject();
                json.value(long1);
                json.value(long2);
                json.value(true);
                json.value(false);
                json.nullValue();
                json.value(-0.0);
                json.value(1e300);
                json.value(0.1);
                json.value(qint64(-9007199254740993));
                for (int depth = 0; depth < 30; ++depth) {
                    json.beginObject();
                    json.key(u"d");
                }
                json.beginArray();
                json.value(u"bottom");
                json.endArray();
                for (int depth = 0; depth < 30; ++depth) {
                    json.key(u"e");
                    json.beginArray();
                    json.endArray();
                    json.endObject();
                }
                json.endArray();
                return json.finish();
            });
            QCOMPARE(actual, QJsonDocument(expected).toJson());
        }
    }

    void numbersAreWhatQtWrites_data()
    {
        QTest::addColumn<int>("shape");
        QTest::newRow("any bit pattern") << 0;
        QTest::newRow("qualities") << 1;
        QTest::newRow("ratios of counts") << 2;
        QTest::newRow("dyadic fractions") << 3;
        QTest::newRow("every magnitude") << 4;
        QTest::newRow("round numbers") << 5;
        QTest::newRow("halfway between ten-digit numbers, and next to it") << 6;
    }
    void numbersAreWhatQtWrites()
    {
        QFETCH(int, shape);
        QRandomGenerator64 random(quint64(shape) + 1);
        QList<double> values{0.0,
                             -0.0,
                             kNaN,
                             kInf,
                             -kInf,
                             5e-324,
                             std::numeric_limits<double>::min(),
                             std::numeric_limits<double>::max(),
                             1e-4,
                             1.5e-4,
                             1e5,
                             1.2e6,
                             24.111328125,
                             12345678905.0,
                             9999999999.5,
                             1e15,
                             1e21,
                             0.1 + 0.2};
        for (int i = 0; i < 50000; ++i) {
            switch (shape) {
            case 0:
                values.append(std::bit_cast<double>(random.generate()));
                break;
            case 1:
                values.append(random.generateDouble() * 100);
                break;
            case 2:
                values.append(double(random.bounded(1000000)) / double(1 + random.bounded(4096)));
                break;
            case 3:
                values.append(std::ldexp(double(random.bounded(1 << 20)), -int(random.bounded(40))));
                break;
            case 4:
                values.append(std::pow(10.0, random.generateDouble() * 80 - 40) * (i % 2 ? 1 : -1));
                break;
            case 5:
                values.append(double(random.bounded(1000000)) * std::pow(10.0, int(random.bounded(40)) - 20));
                break;
            default: {
                // Eleven significant digits ending in 5, exact in binary: an odd multiple of
                // 2^-places has `places` decimals. Qt rounds the ties; the neighbours are rounded here.
                const int digits = 1 + int(random.bounded(9));
                const int places = 11 - digits;
                const double whole = std::floor(std::pow(10.0, digits - 1) * (1 + 9 * random.generateDouble()));
                const double tie = whole + double(2 * random.bounded(1u << (places - 1)) + 1) / double(1u << places);
                const double value = i % 3 == 0 ? tie : std::nextafter(tie, i % 3 == 1 ? 0.0 : 1e300);
                values.append((i / 3) % 2 ? -value : value);
            }
            }
        }
        char text[qc::kNumberChars];
        for (const double value : values) {
            if (std::isfinite(value)) {
                const QByteArray shortest(text, qc::formatShortest(value, text) - text);
                QCOMPARE(shortest, QByteArray::number(value, 'g', QLocale::FloatingPointShortest));
            }
            const QByteArray ten(text, qc::formatSignificant10(value, text) - text);
            QCOMPARE(ten, QByteArray::number(value, 'g', 10));
        }
        for (const qint64 value :
             {qint64(0), qint64(-1), std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max()})
            QCOMPARE(QByteArray(text, qc::formatInteger(value, text) - text), QByteArray::number(value));
    }
};

QTEST_GUILESS_MAIN(TestReports)
#include "tst_reports.moc"
