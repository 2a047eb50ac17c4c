// Reading ABI chromatograms: every ABIF file of the shared data against Biopython's qualities,
// the files without qualities, and damaged copies of a real file, which must fail cleanly.
#include "formats/abireader.h"
#include "referencetables.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>
#include <QtTest>

#include <algorithm>
#include <numeric>

using namespace qc;
using namespace Qt::StringLiterals;

namespace {

// The file the damage tests start from: 605 bases, SMPL "B11_F", directory at the end.
const QString kSample = u"sangerseqR/inst/extdata/heterozygous.ab1"_s;
constexpr int kSampleBases = 605;

// Fields of a 28-byte directory entry; the root entry that locates the directory is at byte 6.
constexpr qsizetype kRootEntry = 6;
constexpr int kTypeAndSize = 8, kCount = 12, kDataSize = 16, kDataOffset = 20;

const QJsonObject &crosscheckFiles()
{
    static const QJsonObject files = referenceFiles(u"expected_abi_crosscheck.json"_s);
    return files;
}

// EXPECTED_SUMMARY.tsv, its first column (the file) mapped to the whole row.
const QMap<QString, QStringList> &summaryRows()
{
    static const QMap<QString, QStringList> rows = referenceRowsByFile(u"EXPECTED_SUMMARY.tsv"_s);
    return rows;
}

quint32 bigEndian32(const QByteArray &file, qsizetype at)
{
    return qFromBigEndian<quint32>(file.constData() + at);
}

// A tag's directory entry, found independently of the reader (no MacBinary header here).
qsizetype entryPosition(const QByteArray &file, const char *tag, quint32 number)
{
    const quint32 count = bigEndian32(file, kRootEntry + kCount);
    const qsizetype directory = bigEndian32(file, kRootEntry + kDataOffset);
    for (quint32 i = 0; i < count; ++i) {
        const qsizetype at = directory + qsizetype(i) * 28;
        if (file.mid(at, 4) == tag && bigEndian32(file, at + 4) == number)
            return at;
    }
    return -1;
}

QByteArray withMacBinaryHeader(const QByteArray &file)
{
    // A MacBinary header starts with a zero byte and holds the Macintosh file name after it.
    QByteArray header(128, '\0');
    const QByteArray name = "\x0asample.ab1"_ba;
    header.replace(1, name.size(), name);
    return header + file;
}

} // namespace

class Tst_abireader : public QObject
{
    Q_OBJECT

private slots:
    void readsEveryAbifFileAsBiopython_data();
    void readsEveryAbifFileAsBiopython();
    void refusesFilesWithoutQualities_data();
    void refusesFilesWithoutQualities();
    void recognisesTheFormat_data();
    void recognisesTheFormat();
    void readsBehindAMacBinaryHeader();
    void appendsAfterEarlierReads();
    void rejectsDamagedEntries_data();
    void rejectsDamagedEntries();
    void rejectsQualitiesAbove100();
    void rejectsEveryTruncation();
    void survivesEveryByteOfTheDirectoryOverwritten();
};

void Tst_abireader::readsEveryAbifFileAsBiopython_data()
{
    QC_REQUIRE_SHARED(sharedDataPath(u"expected_abi_crosscheck.json"_s));
    QTest::addColumn<QString>("path");
    int files = 0;
    for (auto it = crosscheckFiles().begin(); it != crosscheckFiles().end(); ++it) {
        // test.fsa has no qualities (null); it is among the refused files below.
        if (it.value().toObject().value(u"biopython").toObject().value(u"qual").isArray()) {
            QTest::newRow(qPrintable(it.key())) << it.key();
            ++files;
        }
    }
    QCOMPARE(files, 33);
}

void Tst_abireader::readsEveryAbifFileAsBiopython()
{
    QFETCH(QString, path);
    QC_REQUIRE_SHARED(sharedDataPath(path));
    const QByteArray data = sharedFileBytes(path);
    QVERIFY(looksLikeAbi(data));

    ParsedReads out;
    const std::optional<ReadError> error = parseAbi(data, out);
    QVERIFY2(!error, error ? qPrintable(error->message) : "");
    QCOMPARE(out.format, "abi");
    QCOMPARE(out.reads.size(), std::size_t(1));

    const QJsonObject biopython = crosscheckFiles().value(path).toObject().value(u"biopython").toObject();
    const QJsonArray expected = biopython.value(u"qual").toArray();
    const std::span<const std::uint8_t> qualities = out.qualitiesOf(out.reads.front());
    QCOMPARE(qualities.size(), std::size_t(expected.size()));
    for (qsizetype i = 0; i < expected.size(); ++i)
        QVERIFY2(qualities[std::size_t(i)] == expected[i].toInt(), qPrintable(u"position %1"_s.arg(i)));

    // Biopython names a read without SMPL 1 "<unknown id>"; here the name stays empty.
    const QString id = biopython.value(u"id").toString();
    QCOMPARE(QString::fromLatin1(out.reads.front().name), id == u"<unknown id>" ? QString() : id);

    // The summary is an independent second reference: count, mean, min, max, values >= 20.
    const QStringList summary = summaryRows().value(path);
    QVERIFY2(summary.size() > 7, "file missing from EXPECTED_SUMMARY.tsv");
    QCOMPARE(summary[2], u"1"_s);
    QCOMPARE(qsizetype(qualities.size()), summary[3].toLongLong());
    const double sum = std::accumulate(qualities.begin(), qualities.end(), 0.0);
    QVERIFY(qAbs(sum / double(qualities.size()) - summary[4].toDouble()) < 0.00006);
    QCOMPARE(int(*std::min_element(qualities.begin(), qualities.end())), summary[5].toInt());
    QCOMPARE(int(*std::max_element(qualities.begin(), qualities.end())), summary[6].toInt());
    QCOMPARE(std::count_if(qualities.begin(), qualities.end(), [](int q) { return q >= 20; }), summary[7].toLong());
}

void Tst_abireader::refusesFilesWithoutQualities_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");

    const QString oldRun = u"it is a run from an ABI 373A, of the ABI 373/377 era"_s;
    for (const char *sample : {"545", "546", "671", "826", "832"})
        QTest::newRow(sample) << u"staden-trunk/course/data/ABI_Data/Sample "_s + QLatin1String(sample) << oldRun;
    QTest::newRow("fragment analysis") << u"biopython/Tests/Abi/test.fsa"_s
                                       << u"it is a fragment-analysis run from an ABI 3100"_s;
}

void Tst_abireader::refusesFilesWithoutQualities()
{
    QFETCH(QString, path);
    QFETCH(QString, reason);
    QC_REQUIRE_SHARED(sharedDataPath(path));
    const QByteArray data = sharedFileBytes(path);
    QVERIFY(looksLikeAbi(data));

    ParsedReads out;
    const std::optional<ReadError> error = parseAbi(data, out);
    QVERIFY(error);
    QVERIFY2(error->message.contains(reason), qPrintable(error->message));
    QVERIFY2(error->message.contains(u"no per-base quality values"), qPrintable(error->message));
    QVERIFY2(error->message.contains(u"PCON"), qPrintable(error->message));
    // A whole file that lacks what we read is not damaged at any particular byte.
    QCOMPARE(error->offset, -1);
}

void Tst_abireader::recognisesTheFormat_data()
{
    QTest::addColumn<QByteArray>("start");
    QTest::addColumn<bool>("isAbi");

    QByteArray macBinary(132, '\0');
    macBinary.replace(128, 4, "ABIF");
    const QByteArray notMacBinary = 'x' + macBinary.sliced(1);

    QTest::newRow("ABIF") << "ABIF\x00\x65"_ba << true;
    QTest::newRow("after a MacBinary header") << macBinary << true;
    QTest::newRow("ABIF at 128 without a MacBinary header") << notMacBinary << false;
    QTest::newRow("cut inside the magic") << "ABI"_ba << false;
    QTest::newRow("MacBinary cut inside the magic") << macBinary.first(131) << false;
    QTest::newRow("lower case") << "abif"_ba << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("phred text") << ">read1\n10 20\n"_ba << false;
}

void Tst_abireader::recognisesTheFormat()
{
    QFETCH(QByteArray, start);
    QFETCH(bool, isAbi);
    QCOMPARE(looksLikeAbi(start), isAbi);
}

void Tst_abireader::readsBehindAMacBinaryHeader()
{
    QC_REQUIRE_SHARED(sharedDataPath(kSample));
    const QByteArray plain = sharedFileBytes(kSample);
    ParsedReads expected;
    QVERIFY(!parseAbi(plain, expected));

    QByteArray wrapped = withMacBinaryHeader(plain);
    ParsedReads out;
    QVERIFY(!parseAbi(wrapped, out));
    QCOMPARE(out.reads.front().name, expected.reads.front().name);
    QCOMPARE(out.qualities, expected.qualities);

    // Stored offsets still count from "ABIF"; errors count from the start of the file.
    const qsizetype pcon = entryPosition(plain, "PCON", 2);
    qToBigEndian(quint32(0x7fffff00), wrapped.data() + 128 + pcon + kDataOffset);
    const std::optional<ReadError> error = parseAbi(wrapped, out);
    QVERIFY(error);
    QCOMPARE(error->offset, 128 + pcon + kDataOffset);
}

void Tst_abireader::appendsAfterEarlierReads()
{
    QC_REQUIRE_SHARED(sharedDataPath(kSample));
    const QByteArray data = sharedFileBytes(kSample);
    ParsedReads out;
    QVERIFY(!parseAbi(data, out));
    QVERIFY(!parseAbi(data, out));
    QCOMPARE(out.reads.size(), std::size_t(2));
    QCOMPARE(out.reads[1].offset, std::size_t(kSampleBases));
    QCOMPARE(out.reads[1].name, "B11_F"_ba);
    QVERIFY(std::ranges::equal(out.qualitiesOf(out.reads[0]), out.qualitiesOf(out.reads[1])));
}

void Tst_abireader::rejectsDamagedEntries_data()
{
    QTest::addColumn<QByteArray>("tag"); // "root" for the entry that locates the directory
    QTest::addColumn<quint32>("number");
    QTest::addColumn<QList<int>>("fields"); // each set to `value`
    QTest::addColumn<quint32>("value");
    QTest::addColumn<bool>("fromEnd"); // value counts back from the end of the file
    QTest::addColumn<int>("errorField"); // where in the entry the error points
    QTest::addColumn<QString>("message");

    const auto row = [](const char *name, const char *tag, quint32 number, const QList<int> &fields, quint32 value,
                        int errorField, const QString &message, bool fromEnd = false) {
        QTest::newRow(name) << QByteArray(tag) << number << fields << value << fromEnd << errorField << message;
    };
    const QString pastEnd = u"runs past the end of the file"_s;
    const QString damaged = u"entry is damaged"_s;
    const QList<int> count{kCount}, offset{kDataOffset}, typeAndSize{kTypeAndSize};
    const QList<int> countAndSize{kCount, kDataSize};
    const quint32 huge = 0x7fffffff, negative = 0xffffffff;

    row("directory count huge", "root", 1, count, huge, 0, pastEnd);
    row("directory count negative", "root", 1, count, negative, 0, pastEnd);
    row("directory offset huge", "root", 1, offset, huge, 0, pastEnd);
    row("directory offset negative", "root", 1, offset, negative, 0, pastEnd);
    row("directory one entry past the end", "root", 1, count, 145, 0, pastEnd);
    row("directory entries of 16 bytes", "root", 1, typeAndSize, 1023u << 16 | 16u, 0, u"entries of 16 bytes"_s);
    row("PCON count huge", "PCON", 2, count, huge, 0, damaged);
    row("PCON count and size huge", "PCON", 2, countAndSize, huge, kDataOffset, pastEnd);
    row("PCON offset huge", "PCON", 2, offset, huge, kDataOffset, pastEnd);
    row("PCON offset negative", "PCON", 2, offset, negative, kDataOffset, pastEnd);
    row("PCON data one byte past the end", "PCON", 2, offset, kSampleBases - 1, kDataOffset, pastEnd, true);
    row("PCON of 2-byte elements", "PCON", 2, typeAndSize, 4u << 16 | 2u, 0, damaged);
    row("PCON shorter than PBAS", "PCON", 2, countAndSize, 600, 0,
        u"PCON 2 has 600 quality values but PBAS 2 has 605 bases"_s);
    row("PCON of 3 values, stored inline", "PCON", 2, countAndSize, 3, 0,
        u"PCON 2 has 3 quality values but PBAS 2 has 605 bases"_s);
    row("PBAS count huge", "PBAS", 2, count, huge, 0, damaged);
    row("PBAS offset huge", "PBAS", 2, offset, huge, kDataOffset, pastEnd);
    row("SMPL offset huge", "SMPL", 1, offset, huge, kDataOffset, pastEnd);
    // Not used by the reader, but a damaged entry is a damaged file.
    row("DATA offset huge", "DATA", 1, offset, huge, kDataOffset, pastEnd);
}

void Tst_abireader::rejectsDamagedEntries()
{
    QFETCH(QByteArray, tag);
    QFETCH(quint32, number);
    QFETCH(QList<int>, fields);
    QFETCH(quint32, value);
    QFETCH(bool, fromEnd);
    QFETCH(int, errorField);
    QFETCH(QString, message);
    QC_REQUIRE_SHARED(sharedDataPath(kSample));

    QByteArray data = sharedFileBytes(kSample);
    const qsizetype entry = tag == "root" ? kRootEntry : entryPosition(data, tag.constData(), number);
    QVERIFY(entry >= 0);
    if (fromEnd)
        value = quint32(data.size()) - value;
    for (int field : fields)
        qToBigEndian(value, data.data() + entry + field);

    ParsedReads out;
    const std::optional<ReadError> error = parseAbi(data, out);
    QVERIFY(error);
    QVERIFY2(error->message.contains(message), qPrintable(error->message));
    QCOMPARE(error->offset, entry + errorField);
}

void Tst_abireader::rejectsQualitiesAbove100()
{
    QC_REQUIRE_SHARED(sharedDataPath(kSample));
    QByteArray data = sharedFileBytes(kSample);
    const qsizetype pcon = entryPosition(data, "PCON", 2);
    const qsizetype fifthValue = bigEndian32(data, pcon + kDataOffset) + 4;
    data[fifthValue] = char(101);

    ParsedReads out;
    const std::optional<ReadError> error = parseAbi(data, out);
    QVERIFY(error);
    QCOMPARE(error->message, u"quality 101 of base 5 is above 100"_s);
    QCOMPARE(error->offset, fifthValue);
}

void Tst_abireader::rejectsEveryTruncation()
{
    QC_REQUIRE_SHARED(sharedDataPath(kSample));
    const QByteArray whole = sharedFileBytes(kSample);
    for (const QByteArray &data : {whole, withMacBinaryHeader(whole)}) {
        // Views of the prefixes: the bytes past the cut are not there for the reader to see.
        // Every cut near the header and in the directory at the end, a sample of the rest.
        for (qsizetype size = 0; size < data.size(); size += size < 4096 || size > data.size() - 8192 ? 1 : 61) {
            ParsedReads out;
            const std::optional<ReadError> error = parseAbi(QByteArrayView(data).first(size), out);
            if (!error || error->message.isEmpty() || error->offset < 0 || error->offset > size)
                QFAIL(qPrintable(u"cut after %1 of %2 bytes: no proper error"_s.arg(size).arg(data.size())));
        }
    }
}

// No value in the header or the directory may crash the reader or make it read out of bounds
// (run under ASan to see the latter); whatever it accepts must still be one sane read.
void Tst_abireader::survivesEveryByteOfTheDirectoryOverwritten()
{
    QC_REQUIRE_SHARED(sharedDataPath(kSample));
    QByteArray data = sharedFileBytes(kSample);
    const qsizetype directory = bigEndian32(data, kRootEntry + kDataOffset);
    QList<qsizetype> positions;
    for (qsizetype at = 0; at < kRootEntry + 28; ++at)
        positions << at;
    for (qsizetype at = directory; at < data.size(); ++at)
        positions << at;

    int accepted = 0, rejected = 0;
    for (qsizetype at : positions) {
        const char original = data[at];
        for (char value : {'\x00', '\x01', '\x7f', '\x80', '\xff'}) {
            data[at] = value;
            ParsedReads out;
            if (const std::optional<ReadError> error = parseAbi(data, out)) {
                QVERIFY(!error->message.isEmpty());
                QVERIFY(error->offset >= -1 && error->offset <= data.size());
                ++rejected;
            } else {
                QCOMPARE(out.reads.size(), std::size_t(1));
                QVERIFY(out.reads.front().length <= std::size_t(data.size()));
                QVERIFY(std::ranges::all_of(out.qualities, [](int q) { return q <= 100; }));
                ++accepted;
            }
        }
        data[at] = original;
    }
    // Both happen: bytes of entries the reader ignores change nothing, damage elsewhere is caught.
    QVERIFY(accepted > 0);
    QVERIFY(rejected > 0);
}

QTEST_GUILESS_MAIN(Tst_abireader)
#include "tst_abireader.moc"
