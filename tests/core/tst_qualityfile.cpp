// Which names count as quality files, and reading one from disk: errors, clearing, buffer reuse.
// The parsing rules themselves are tested in tst_qualreader.
#include "analysis/sample.h"
#include "formats/qualityfile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace qc;
using namespace Qt::StringLiterals;

class TestQualityFile : public QObject
{
    Q_OBJECT

private slots:
    void recognisesReadFileNames_data();
    void recognisesReadFileNames();
    void reportsUnreadablePaths_data();
    void reportsUnreadablePaths();
    void reportsAnEmptyFile();
    void readingClearsAndReusesTheBuffer();
    void filesNamedOtherwiseAreFoundByContent();
};

void TestQualityFile::filesNamedOtherwiseAreFoundByContent()
{
    QTemporaryDir dir;
    const auto write = [&dir](const char *name, const QByteArray &bytes) {
        QFile file(dir.filePath(QLatin1String(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    };
    write("phd1", "BEGIN_SEQUENCE read1\n\nBEGIN_DNA\na 20 0\nc 30 10\nEND_DNA\n\nEND_SEQUENCE\n");
    write("reads.txt", "@read1\nACGT\n+\n5?#I\n");
    write("quality_scores", ">read2\n20 30 40\n");
    write("notes.txt", "@channel: remember to order primers\nsee you\n");
    write("read3.seq", ">read3\nACGTACGT\n");
    write("sequences", ">read4\nACGTACGT\n");
    QStringList problems;
    const QList<Sample> samples = discoverSamples({dir.path()}, &problems);
    QCOMPARE(samples.size(), 1);
    QStringList names;
    for (const QString &file : samples[0].files)
        names.append(QFileInfo(file).fileName());
    QCOMPARE(names,
             (QStringList{QStringLiteral("phd1"), QStringLiteral("quality_scores"), QStringLiteral("reads.txt")}));
    QCOMPARE(samples[0].skippedFiles, 3);
    // and they read as what they are
    ParsedReads reads;
    QByteArray buffer;
    QVERIFY(!readQualityFile(dir.filePath(QStringLiteral("phd1")), reads, buffer));
    QCOMPARE(reads.qualities.size(), 2);
    QVERIFY(!readQualityFile(dir.filePath(QStringLiteral("reads.txt")), reads, buffer));
    QCOMPARE(reads.qualities.size(), 4);
}

void TestQualityFile::recognisesReadFileNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("matches");

    QTest::newRow(".qual") << u"x.qual"_s << true;
    QTest::newRow("_qual") << u"x_qual"_s << true;
    QTest::newRow("just qual") << u"qual"_s << true;
    QTest::newRow("after another extension") << u"multifa.seq.qual"_s << true;
    QTest::newRow("any word ending in qual, as in the lesson") << u"equal"_s << true;
    QTest::newRow("a folder name can match too") << u"dbqual"_s << true;
    QTest::newRow("case-sensitive, as in the lesson") << u"x.QUAL"_s << false;
    QTest::newRow("compressed") << u"x.qual.gz"_s << true;
    QTest::newRow("plural") << u"x.quals"_s << false;
    QTest::newRow("qual at the start") << u"qual_single_seq"_s << false;
    QTest::newRow("fastq") << u"x.fastq"_s << true;
    QTest::newRow("fq, any case, compressed") << u"x.FQ.GZ"_s << true;
    QTest::newRow("ABI") << u"A01_seq.ab1"_s << true;
    QTest::newRow("ABI, capitals") << u"A01_SEQ.AB1"_s << true;
    QTest::newRow("abi") << u"x.abi"_s << true;
    QTest::newRow("SCF") << u"x.scf"_s << true;
    QTest::newRow("ZTR") << u"x.ztr"_s << true;
    QTest::newRow("experiment file") << u"x.exp"_s << true;
    QTest::newRow("phd") << u"x.phd"_s << true;
    QTest::newRow("phred's numbered phd") << u"x.phd.1"_s << true;
    QTest::newRow("phd.12") << u"x.phd.12"_s << true;
    QTest::newRow("phd. with no number") << u"x.phd."_s << false;
    QTest::newRow("phd.1 then letters") << u"x.phd.1a"_s << false;
    QTest::newRow("sequence, not quality") << u"x.seq"_s << false;
    QTest::newRow("FASTA") << u"x.fasta"_s << false;
    QTest::newRow("gz alone") << u"x.gz"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestQualityFile::recognisesReadFileNames()
{
    QFETCH(QString, name);
    QFETCH(bool, matches);
    QCOMPARE(isReadFileName(name), matches);
}

void TestQualityFile::reportsUnreadablePaths_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("isFolder");
    QTest::addColumn<QString>("messageStart");

    QTest::newRow("missing file") << u"missing.qual"_s << false << u"cannot open: "_s;
    QTest::newRow("folder named like a quality file") << u"dbqual"_s << true << u"it is a folder, not a file"_s;
}

void TestQualityFile::reportsUnreadablePaths()
{
    QFETCH(QString, name);
    QFETCH(bool, isFolder);
    QFETCH(QString, messageStart);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    if (isFolder)
        QVERIFY(QDir(dir.path()).mkdir(name));

    ParsedReads out;
    out.reads.push_back({"stale", 0, 0}); // left over from an earlier file: must not survive
    QByteArray buffer;
    const std::optional<ReadError> error = readQualityFile(dir.filePath(name), out, buffer);
    QVERIFY(error.has_value());
    QVERIFY2(error->message.startsWith(messageStart), qPrintable(error->message));
    QCOMPARE(error->line, qint64(0));
    QVERIFY(out.reads.empty());
}

void TestQualityFile::reportsAnEmptyFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile empty(dir.filePath(u"empty.qual"_s));
    QVERIFY(empty.open(QIODevice::WriteOnly));
    empty.close();

    ParsedReads out;
    QByteArray buffer;
    // parseQual() reads empty text as no records, as Biopython and BioPerl do; a whole empty
    // file in a folder of reads is worth telling the user about.
    const auto error = readQualityFile(empty.fileName(), out, buffer);
    QVERIFY(error);
    QCOMPARE(error->message, u"the file is empty"_s);
    QVERIFY(out.reads.empty());
}

void TestQualityFile::readingClearsAndReusesTheBuffer()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto write = [&dir](const QString &name, const QByteArray &content) {
        QFile file(dir.filePath(name));
        return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
    };
    QVERIFY(write(u"big.qual"_s, ">big\n" + QByteArray(4000, '1').replace("1", "1 ")));
    QVERIFY(write(u"small.qual"_s, ">s1\n30 31\n>s2\n32\n"));
    QVERIFY(write(u"bad.qual"_s, ">s1\n30\n3O\n"));

    ParsedReads out;
    QByteArray buffer;
    QVERIFY(!readQualityFile(dir.filePath(u"big.qual"_s), out, buffer));
    QCOMPARE(out.reads.size(), std::size_t(1));
    QCOMPARE(out.qualities.size(), std::size_t(4000));
    const char *const storage = buffer.constData();

    QVERIFY(!readQualityFile(dir.filePath(u"small.qual"_s), out, buffer));
    QCOMPARE(out.reads.size(), std::size_t(2));
    QCOMPARE(out.reads[0].name, "s1"_ba);
    QCOMPARE(out.reads[1].name, "s2"_ba);
    QCOMPARE(out.qualities, (std::vector<std::uint8_t>{30, 31, 32}));
    QVERIFY(buffer.constData() == storage); // the smaller file was read where the bigger one was

    const std::optional<ReadError> error = readQualityFile(dir.filePath(u"bad.qual"_s), out, buffer);
    QVERIFY(error.has_value());
    QCOMPARE(error->line, qint64(3));
    QCOMPARE(error->message, u"'3O' is not a whole number"_s);
}

QTEST_GUILESS_MAIN(TestQualityFile)
#include "tst_qualityfile.moc"
