// Reading SCF, ZTR and experiment files through io_lib: every trace of the shared data against
// io_lib's own values, the experiment files without quality values, and damaged copies of real
// files, which must fail cleanly or read exactly what the intact file holds.
#include "formats/tracereader.h"
#include "referencetables.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtConcurrent>
#include <QtEndian>
#include <QtTest>

#include <algorithm>

using namespace qc;
using namespace Qt::StringLiterals;

namespace {

const QString kScf2 = u"bioperl/t/data/version2.scf"_s;
const QString kScf3 = u"bioperl/t/data/version3.scf"_s;
// N calls, confidences up to 96:
const QString kScfMutation = u"staden-trunk/course/data/mutations/000256_11cF.scf"_s;
const QString kZtr = u"staden-trunk/course/data/phred_data/xb61f9.s1.ztr"_s;
const QString kZtrLong = u"staden-trunk/course/data/long_reads/xb54b12.r1L.ztr"_s;
const QString kExp = u"staden-trunk/course/data/long_reads/xb54b12.r1L.exp"_s; // 909 bases, no AV

const QJsonObject &crosscheckFiles()
{
    static const QJsonObject files = referenceFiles(u"expected_trace_crosscheck.json"_s);
    return files;
}

QJsonObject ioLibOf(const QString &path)
{
    return crosscheckFiles().value(path).toObject().value(u"iolib").toObject();
}

// EXPECTED_SUMMARY.tsv, its first column (the file) mapped to the whole row.
const QMap<QString, QStringList> &summaryRows()
{
    static const QMap<QString, QStringList> rows = referenceRowsByFile(u"EXPECTED_SUMMARY.tsv"_s);
    return rows;
}

std::optional<ReadError> parse(QByteArrayView data, ParsedReads &out)
{
    out.clear();
    return parseTrace(data, out);
}

// A ZTR chunk as the format describes it, found independently of the reader.
struct Chunk
{
    QByteArray type;
    qsizetype at, lengthAt, dataAt, length;
};

QList<Chunk> chunksOf(const QByteArray &ztr)
{
    QList<Chunk> chunks;
    for (qsizetype at = 10; at + 12 <= ztr.size();) { // the intact files of the shared data
        const qsizetype lengthAt = at + 8 + qFromBigEndian<quint32>(ztr.constData() + at + 4);
        const qsizetype length = qFromBigEndian<quint32>(ztr.constData() + lengthAt);
        chunks.append({ztr.mid(at, 4), at, lengthAt, lengthAt + 4, length});
        at = lengthAt + 4 + length;
    }
    return chunks;
}

// The experiment file with AV lines as io_lib writes them: "AV   " then continuation lines
// indented to column 11, here 20 values a line.
QByteArray withAvLines(const QByteArray &exp, const QList<int> &values)
{
    QByteArray av;
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i % 20 == 0)
            av += i == 0 ? "AV   " : "\nAV        ";
        av += QByteArray::number(values[i]) + ' ';
    }
    QByteArray result = exp;
    return result.insert(result.indexOf("\nSQ") + 1, av + '\n');
}

} // namespace

class Tst_tracereader : public QObject
{
    Q_OBJECT

private slots:
    void readsEveryTraceAsIoLib_data();
    void readsEveryTraceAsIoLib();
    void readsExperimentQualityValues_data();
    void readsExperimentQualityValues();
    void recognisesTheFormats_data();
    void recognisesTheFormats();
    void rejectsDamagedFields_data();
    void rejectsDamagedFields();
    void survivesCorruptedCopies_data();
    void survivesCorruptedCopies();
    void readsFromManyThreadsAtOnce();
};

void Tst_tracereader::readsEveryTraceAsIoLib_data()
{
    QC_REQUIRE_SHARED(sharedDataPath(u"expected_trace_crosscheck.json"_s));
    QTest::addColumn<QString>("path");
    int files[3] = {};
    for (auto it = crosscheckFiles().begin(); it != crosscheckFiles().end(); ++it) {
        const QString format = ioLibOf(it.key()).value(u"format").toString();
        const auto kind = QStringList{u"SCF"_s, u"ZTR"_s, u"EXP"_s}.indexOf(format);
        if (kind >= 0) { // the others are old ABI files
            QTest::newRow(qPrintable(it.key())) << it.key();
            ++files[kind];
        }
    }
    QCOMPARE(files[0], 24);
    QCOMPARE(files[1], 268);
    QCOMPARE(files[2], 103);
}

// Every SCF and ZTR file as io_lib reads it and as the summary counts it. None of the experiment
// files has AV lines: io_lib's zeros for them measure nothing, so they are refused.
void Tst_tracereader::readsEveryTraceAsIoLib()
{
    QFETCH(QString, path);
    QC_REQUIRE_SHARED(sharedDataPath(path));
    const QByteArray data = sharedFileBytes(path);
    QVERIFY(looksLikeTrace(data));
    const QJsonObject ioLib = ioLibOf(path);
    ParsedReads out;
    const std::optional<ReadError> error = parse(data, out);
    QCOMPARE(QString::fromLatin1(out.format), ioLib.value(u"format").toString().toLower());
    if (out.format == "exp"_ba) {
        QVERIFY(!data.startsWith("AV") && !data.contains("\nAV"));
        QVERIFY(error);
        QCOMPARE(error->message, u"it has no quality values (no AV lines)"_s);
        return;
    }
    QVERIFY2(!error, error ? qPrintable(error->message) : "");
    QCOMPARE(out.reads.size(), std::size_t(1));
    QVERIFY(out.reads.front().name.isEmpty()); // the caller names it after the file

    const QJsonArray expected = ioLib.value(u"conf").toArray();
    const std::span<const std::uint8_t> qualities = out.qualitiesOf(out.reads.front());
    QCOMPARE(qsizetype(qualities.size()), ioLib.value(u"NBases").toInteger());
    QCOMPARE(qualities.size(), std::size_t(expected.size()));
    for (qsizetype i = 0; i < expected.size(); ++i)
        QVERIFY2(qualities[std::size_t(i)] == expected[i].toInt(), qPrintable(u"base %1"_s.arg(i + 1)));

    // The summary is a second reference: count, mean, min, max, values >= 20.
    const QStringList summary = summaryRows().value(path);
    QVERIFY2(summary.size() > 7, "file missing from EXPECTED_SUMMARY.tsv");
    QCOMPARE(summary[2], u"1"_s);
    QCOMPARE(qsizetype(qualities.size()), summary[3].toLongLong());
    double sum = 0;
    for (std::uint8_t q : qualities)
        sum += q;
    QVERIFY(qAbs(sum / double(qualities.size()) - summary[4].toDouble()) < 0.00006);
    QCOMPARE(int(*std::ranges::min_element(qualities)), summary[5].toInt());
    QCOMPARE(int(*std::ranges::max_element(qualities)), summary[6].toInt());
    QCOMPARE(std::ranges::count_if(qualities, [](int q) { return q >= 20; }), summary[7].toLong());

    // A second file read into the same ParsedReads follows the first.
    QVERIFY(!parseTrace(data, out));
    QCOMPARE(out.reads.size(), std::size_t(2));
    QCOMPARE(out.reads[1].offset, qualities.size());
    QVERIFY(std::ranges::equal(out.qualitiesOf(out.reads[1]), out.qualitiesOf(out.reads[0])));
}

// The experiment file given AV lines (lines 7 to 52; 20 values a line, every value 30 but for
// the markers 31 to 35 at values 26, 41, 901, 1 and 2) is read; each other row changes it in
// one place, which must be refused.
void Tst_tracereader::readsExperimentQualityValues_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<qint64>("line");
    QTest::addColumn<QString>("message");
    const auto row = [](const char *name, const QByteArray &from, const QByteArray &to, qint64 line,
                        const QString &message) { QTest::newRow(name) << from << to << line << message; };
    row("intact", {}, {}, 0, {});
    row("one value short", "33 ", "", 7, u"the AV lines give 908 quality values for the 909 bases of the sequence"_s);
    row("above 100", "31 ", "101 ", 8, u"quality 101 is above 100"_s);
    row("huge", "33 ", "4294967297 ", 52, u"quality 4294967297 is above 100"_s);
    row("negative", "34 ", "-5 ", 7, u"AV value '-5' is not a whole number"_s);
    row("letters", "32 ", "12x ", 9, u"AV value '12x' is not a whole number"_s);
    row("four per base", "35 ", "1,2,3,4 ", 7, u"AV value '1,2,3,4' is not a whole number"_s);
    row("no sequence", "\nSQ", "\nXX", 0, u"it has no sequence (no SQ lines)"_s);
    // What io_lib's own line reader mishandles; the last two made it write past its buffer.
    row("NUL byte", "32 ", "3\0 "_ba, 9, u"binary data (NUL byte)"_s);
    row("long LT line", "LT   ZTR", "LT   " + QByteArray(100, 'Z'), 4, u"the LT line is longer than 100 characters"_s);
    const QString malformed = u"malformed AV continuation line"_s;
    row("empty AV continuation", "\nSQ", "\nAV       \nSQ", 53, malformed);
    row("ten-byte first word", "\nSQ", "\nAV12345678 9\nSQ", 53, malformed);
    row("long sequence line", "\nSQ   \n", "\nSQ   \n" + QByteArray(127, 'A') + '\n', 54,
        u"a sequence line is longer than 126 characters"_s);
}

void Tst_tracereader::readsExperimentQualityValues()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(qint64, line);
    QFETCH(QString, message);
    QC_REQUIRE_SHARED(sharedDataPath(kExp));
    QList<int> values(909, 30);
    const std::pair<int, int> markers[] = {{25, 31}, {40, 32}, {900, 33}, {0, 34}, {1, 35}};
    for (const auto &[index, marker] : markers)
        values[index] = marker;
    QByteArray exp = withAvLines(sharedFileBytes(kExp), values);
    QCOMPARE(exp.left(exp.indexOf("AV   ")).count('\n'), qsizetype(6));
    ParsedReads out;
    if (message.isEmpty()) {
        const std::optional<ReadError> error = parse(exp, out);
        QVERIFY2(!error, error ? qPrintable(error->message) : "");
        QCOMPARE(out.format, "exp");
        QCOMPARE(out.reads.front().name, "xb54b12.r1L"_ba);
        const QString bases = ioLibOf(kExp).value(u"bases").toString();
        QCOMPARE(out.qualities.size(), std::size_t(bases.size()));
        for (qsizetype i = 0; i < bases.size(); ++i) // '-' has no called base
            QCOMPARE(out.qualities[std::size_t(i)], u"ACGT"_s.contains(bases[i]) ? values[i] : 0);
        return;
    }
    const qsizetype at = exp.indexOf(from, from.startsWith("LT") ? 0 : exp.indexOf("AV   "));
    QVERIFY(at >= 0);
    const std::optional<ReadError> error = parse(exp.replace(at, from.size(), to), out);
    QVERIFY(error);
    QCOMPARE(error->message, message);
    QCOMPARE(error->line, line);
}

void Tst_tracereader::recognisesTheFormats_data()
{
    QTest::addColumn<QByteArray>("start");
    QTest::addColumn<bool>("isTrace");
    QTest::newRow("SCF") << ".scf\x00\x00\x36\x1b"_ba << true;
    QTest::newRow("ZTR") << "\xaeZTR\r\n\x1a\n\x01\x02"_ba << true;
    QTest::newRow("ZTR cut inside the magic") << "\xaeZTR\r\n\x1a"_ba << false;
    QTest::newRow("experiment ID") << "ID   xb54b12.r1L\nEN   xb54b12.r1L\n"_ba << true;
    QTest::newRow("experiment EN first") << "EN   read\n"_ba << true;
    // The shape of io_lib's line types; what io_lib then cannot read is rejected with a reason.
    QTest::newRow("any two capitals") << "XY   read\n"_ba << true;
    QTest::newRow("lower case") << "id   read\n"_ba << false;
    QTest::newRow("ID with one space") << "ID read\n"_ba << false;
    QTest::newRow("ABIF") << "ABIF\x00\x65"_ba << false;
    QTest::newRow("phd") << "BEGIN_SEQUENCE read\n"_ba << false;
    QTest::newRow("qual") << ">read\n10 20\n"_ba << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void Tst_tracereader::recognisesTheFormats()
{
    QFETCH(QByteArray, start);
    QFETCH(bool, isTrace);
    QCOMPARE(looksLikeTrace(start), isTrace);
}

// Each row writes `bytes` into one field of a real SCF or ZTR file and names the error.
void Tst_tracereader::rejectsDamagedFields_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("chunk"); // of the ZTR file; none: from the start of the file
    QTest::addColumn<char>("field"); // 'T'ype, 'M'etadata or 'L'ength, 'D'ata, 'A'ppend copy
    QTest::addColumn<int>("at"); // bytes into the field
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("offset"); // where the error points
    QTest::addColumn<QString>("message"); // how it starts
    const auto scf = [](const char *name, int at, quint32 value, int offset, const QString &message) {
        QByteArray bytes(4, '\0');
        qToBigEndian(value, bytes.data());
        QTest::newRow(name) << kScf3 << QByteArray() << 'T' << at << bytes << offset << message;
    };
    const quint32 huge = 0xffffffff;
    scf("samples huge", 4, huge, 8, u"the samples (34359738360 bytes at byte 128) run past"_s);
    scf("samples offset huge", 8, huge, 8, u"the samples (112856 bytes at byte 4294967295)"_s);
    scf("no bases", 12, 0, 12, u"the trace has no base calls"_s);
    scf("bases huge", 12, huge, 24, u"the base calls (51539607540 bytes at byte 112984)"_s);
    scf("bases past the end", 12, 1123, 24, u"the base calls (13476 bytes at byte 112984)"_s);
    scf("comments past the end", 28, 199, 32, u"the comments (199 bytes at byte 126256)"_s);
    scf("private data huge", 48, 0x7fffffff, 52, u"the private data (2147483647 bytes"_s);
    scf("samples of 3 bytes", 40, 3, 40, u"the header gives samples of 3 bytes"_s);
    QTest::newRow("SCF cut in the header")
        << kScf3 << QByteArray() << 'T' << 100 << QByteArray() << 100 << u"the file ends after 100 bytes, inside"_s;

    const auto ztr = [](const char *name, const QByteArray &chunk, char field, int at, const QByteArray &bytes,
                        int offset, const QString &message) {
        QTest::newRow(name) << kZtr << chunk << field << at << bytes << offset << message;
    };
    const QByteArray ff = "\xff\xff\xff\xff"_ba;
    ztr("SMP4 length huge", "SMP4", 'L', 0, ff, 18, u"the SMP4 chunk (4294967295 bytes at byte"_s);
    ztr("TEXT past the end", "TEXT", 'L', 2, "\x01"_ba, 12471, u"the TEXT chunk (431 bytes"_s);
    ztr("BASE metadata huge", "BASE", 'M', 0, "\x7f\xff\xff\xff"_ba, 11566,
        u"the metadata of the BASE chunk at byte 11562 (2147483647 bytes)"_s);
    ztr("CNF4 zlib size 1", "CNF4", 'D', 1, "\x01\x00\x00\x00"_ba, 12108,
        u"the CNF4 chunk at byte 12108 is damaged: its zlib data is damaged or does not inflate "
        "to the 1 bytes"_s);
    ztr("CNF4 zlib size huge", "CNF4", 'D', 1, ff, 12108,
        u"the CNF4 chunk at byte 12108 is damaged: its zlib layer claims 4294967295 bytes"_s);
    ztr("BASE unknown encoding", "BASE", 'D', 0, "c", 11562,
        u"the BASE chunk at byte 11562 is damaged: it uses encoding 99"_s);
    ztr("CNF4 zlib data damaged", "CNF4", 'D', 40, "\x55\xaa"_ba, 12108,
        u"the CNF4 chunk at byte 12108 is damaged: its zlib data is damaged"_s);
    ztr("CNF4 missing", "CNF4", 'T', 0, "XXXX", -1, u"it has no quality values (no CNF4"_s);
    ztr("BASE twice", "BASE", 'A', 0, {}, 12650, u"it holds a second BASE chunk (at byte 12650)"_s);
    ztr("version 2", {}, 'T', 8, "\x02"_ba, 8, u"it is ZTR version 2.2; only version 1 can be"_s);
    ztr("cut in the header", {}, 'T', 9, {}, 9, u"the file ends after 9 bytes, inside the 10"_s);
}

void Tst_tracereader::rejectsDamagedFields()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, chunk);
    QFETCH(char, field);
    QFETCH(int, at);
    QFETCH(QByteArray, bytes);
    QFETCH(int, offset);
    QFETCH(QString, message);
    QC_REQUIRE_SHARED(sharedDataPath(path));
    QByteArray data = sharedFileBytes(path);
    const QList<Chunk> chunks = chunk.isEmpty() ? QList<Chunk>{{{}, 0, 0, 0, 0}} : chunksOf(data);
    const Chunk c = chunk.isEmpty() ? chunks.front() : *std::ranges::find(chunks, chunk, &Chunk::type);
    if (field == 'A')
        data.append(data.mid(c.at, c.dataAt + c.length - c.at));
    const qsizetype fieldAt = field == 'M' ? c.at + 4 : field == 'L' ? c.lengthAt : field == 'D' ? c.dataAt : c.at;
    if (bytes.isEmpty() && field != 'A')
        data.truncate(fieldAt + at); // no bytes: cut the file there
    data.replace(fieldAt + at, bytes.size(), bytes);
    ParsedReads out;
    const std::optional<ReadError> error = parse(data, out);
    QVERIFY(error);
    QVERIFY2(error->message.startsWith(message), qPrintable(error->message));
    QCOMPARE(error->offset, offset);
}

void Tst_tracereader::survivesCorruptedCopies_data()
{
    QTest::addColumn<QString>("path");
    for (const QString &path : {kScf2, kScf3, kScfMutation, kZtr, kZtrLong})
        QTest::newRow(qPrintable(path)) << path;
}

// Truncated at many sizes, header words set to extreme values, random bytes changed: io_lib must
// never see what would crash it. A damaged copy is refused, or, when the damage missed everything
// quality depends on, read exactly as the intact file.
void Tst_tracereader::survivesCorruptedCopies()
{
    QFETCH(QString, path);
    QC_REQUIRE_SHARED(sharedDataPath(path));
    const QByteArray intact = sharedFileBytes(path);
    ParsedReads expected, out;
    QVERIFY(!parse(intact, expected));
    const bool isScf = intact.startsWith(".scf");

    const auto check = [&](const QByteArray &damaged, const QString &what, bool mustBeIdentical) {
        const std::optional<ReadError> error = parse(damaged, out);
        if (error)
            return;
        QVERIFY2(out.reads.size() == 1, qPrintable(what));
        QVERIFY2(std::ranges::all_of(out.qualities, [](int q) { return q <= 100; }), qPrintable(what));
        if (mustBeIdentical)
            QVERIFY2(out.qualities == expected.qualities, qPrintable(what));
    };

    // Every SCF byte lies in a section the header points at, so any cut is noticed; a cut ZTR
    // may lose only chunks that come after the ones quality is read from.
    const qsizetype step = std::max<qsizetype>(1, intact.size() / 500);
    for (qsizetype size = 0; size < intact.size(); size += size < 300 ? 1 : step) {
        if (isScf)
            QVERIFY2(parse(intact.first(size), out), qPrintable(u"cut to %1 bytes"_s.arg(size)));
        check(intact.first(size), u"cut to %1 bytes"_s.arg(size), true);
    }

    QList<qsizetype> words; // the SCF header; each ZTR chunk's lengths and encoding header
    for (qsizetype at = 4; isScf && at < 128; at += 4)
        words << at;
    for (const Chunk &c : isScf ? QList<Chunk>() : chunksOf(intact))
        words << c.at << c.at + 4 << c.lengthAt << c.dataAt << c.dataAt + 1;
    const quint32 values[] = {0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff, quint32(intact.size())};
    for (qsizetype at : words) {
        for (quint32 value : values) {
            QByteArray damaged = intact;
            qToBigEndian(value, damaged.data() + at);
            check(damaged, u"word at %1 set to %2"_s.arg(at).arg(value), false);
            qToLittleEndian(value, damaged.data() + at);
            check(damaged, u"word at %1 set to %2 (little-endian)"_s.arg(at).arg(value), false);
        }
    }

    QRandomGenerator random(20240611);
    for (int i = 0; i < 1500; ++i) {
        QByteArray damaged = intact;
        for (int n = 1 + random.bounded(8); n > 0; --n)
            damaged[random.bounded(damaged.size())] = char(random.bounded(256));
        check(damaged, u"random damage %1"_s.arg(i), false);
    }
}

// io_lib is not reentrant; the reader's lock must make parallel reads give the serial results.
void Tst_tracereader::readsFromManyThreadsAtOnce()
{
    QC_REQUIRE_SHARED(sharedDataPath(u"expected_trace_crosscheck.json"_s));
    QList<QByteArray> files;
    for (const QString &path : crosscheckFiles().keys())
        files << sharedFileBytes(path); // ABI files too: refused, but read concurrently
    const auto read = [](const QByteArray &data) {
        ParsedReads out;
        const std::optional<ReadError> error = parseTrace(data, out);
        return error
            ? error->message.toUtf8()
            : QByteArray(reinterpret_cast<const char *>(out.qualities.data()), qsizetype(out.qualities.size()));
    };
    QList<QByteArray> serial;
    for (const QByteArray &data : files)
        serial << read(data);
    QThreadPool pool;
    pool.setMaxThreadCount(8);
    for (int round = 0; round < 3; ++round)
        QCOMPARE(QtConcurrent::blockingMapped(&pool, files, read), serial);
}

QTEST_GUILESS_MAIN(Tst_tracereader)
#include "tst_tracereader.moc"
