// Demo data: layout, byte-for-byte determinism, phred file format, realistic profiles, and
// agreement with the lesson's own get_quality_distribution (seed_reference.py).
#include "demo/demodata.h"
#include "shareddata.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <vector>

namespace {

constexpr int kReads = 96;
constexpr int kMaxQuality = 60;

QString scriptPath()
{
    return QStringLiteral("../shared/tools/seed_reference.py");
}

QStringList expectedFolders()
{
    QStringList names;
    for (int t = 1; t <= 6; ++t)
        for (int r = 1; r <= 2; ++r)
            names << QStringLiteral("t%1_%2").arg(t).arg(r);
    return names;
}

const QRegularExpression &headerPattern()
{
    static const QRegularExpression re(QStringLiteral("^>(\\S+) (\\d+) (\\d+) (\\d+) ABI$"));
    return re;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

struct QualRead
{
    int bases = 0; // from the header
    std::vector<int> values;
};

// A deliberately plain parser, independent of the project's readers, so that it checks them.
std::vector<QualRead> loadFolder(const QString &folderPath)
{
    std::vector<QualRead> reads;
    const QDir dir(folderPath);
    const QStringList files = dir.entryList({QStringLiteral("*.qual")}, QDir::Files, QDir::Name);
    for (const QString &name : files) {
        const QList<QByteArray> lines = readAll(dir.filePath(name)).split('\n');
        for (const QByteArray &line : lines) {
            if (line.startsWith('>')) {
                reads.emplace_back();
                reads.back().bases = line.split(' ').value(1).toInt();
            } else if (!reads.empty()) {
                for (const QByteArray &field : line.split(' '))
                    if (!field.isEmpty())
                        reads.back().values.push_back(field.toInt());
            }
        }
    }
    return reads;
}

double meanOf(const std::vector<QualRead> &reads)
{
    double sum = 0;
    qint64 count = 0;
    for (const QualRead &read : reads) {
        for (int v : read.values)
            sum += v;
        count += qint64(read.values.size());
    }
    return count ? sum / double(count) : 0.0;
}

} // namespace

class TestDemoData : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void folderLayout();
    void deterministic();
    void fileFormat_data();
    void fileFormat();
    void readProfiles_data();
    void readProfiles();
    void treatmentsDiffer();
    void errorsNameThePath_data();
    void errorsNameThePath();
    void matchesReferenceScript();

private:
    QTemporaryDir m_tmp;
    QString m_root;
    QMap<QString, std::vector<QualRead>> m_reads;
};

void TestDemoData::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_root = m_tmp.filePath(QStringLiteral("demo"));
    const auto error = qc::writeDemoData(m_root, qc::DemoOptions{kReads});
    QVERIFY2(!error, qPrintable(error.value_or(QString())));
    for (const QString &folder : expectedFolders())
        m_reads.insert(folder, loadFolder(QDir(m_root).filePath(folder)));
}

void TestDemoData::folderLayout()
{
    const QDir root(m_root);
    QCOMPARE(root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name), expectedFolders());
    for (const QString &folder : expectedFolders()) {
        const QDir dir(root.filePath(folder));
        QCOMPARE(dir.entryList({QStringLiteral("*.qual")}, QDir::Files).size(), kReads);
        QCOMPARE(dir.entryList({QStringLiteral("*.seq")}, QDir::Files).size(), kReads);
        QCOMPARE(dir.entryList(QDir::Files).size(), 2 * kReads);
        for (int i = 1; i <= kReads; ++i) {
            const QString base = QStringLiteral("%1_read%2").arg(folder).arg(i, 3, 10, QLatin1Char('0'));
            QVERIFY2(dir.exists(base + QStringLiteral(".qual")), qPrintable(base));
            QVERIFY2(dir.exists(base + QStringLiteral(".seq")), qPrintable(base));
        }
    }
}

void TestDemoData::deterministic()
{
    const QString again = m_tmp.filePath(QStringLiteral("again"));
    const auto error = qc::writeDemoData(again, qc::DemoOptions{kReads});
    QVERIFY2(!error, qPrintable(error.value_or(QString())));
    for (const QString &folder : expectedFolders()) {
        const QDir first(QDir(m_root).filePath(folder));
        const QDir second(QDir(again).filePath(folder));
        const QStringList files = first.entryList(QDir::Files, QDir::Name);
        QCOMPARE(second.entryList(QDir::Files, QDir::Name), files);
        for (const QString &name : files) {
            QVERIFY2(readAll(first.filePath(name)) == readAll(second.filePath(name)), qPrintable(name));
        }
    }
    // Replicates come from their own seeds: similar, never copies.
    QVERIFY(readAll(QDir(m_root).filePath(QStringLiteral("t1_1/t1_1_read001.qual")))
            != readAll(QDir(m_root).filePath(QStringLiteral("t1_2/t1_2_read001.qual"))));
}

void TestDemoData::fileFormat_data()
{
    QTest::addColumn<QString>("folder");
    for (const QString &folder : expectedFolders())
        QTest::newRow(qPrintable(folder)) << folder;
}

void TestDemoData::fileFormat()
{
    QFETCH(QString, folder);
    const QDir dir(QDir(m_root).filePath(folder));
    const QStringList quals = dir.entryList({QStringLiteral("*.qual")}, QDir::Files, QDir::Name);
    for (const QString &qualName : quals) {
        const QString base = QFileInfo(qualName).completeBaseName();
        const QByteArray qual = readAll(dir.filePath(qualName));
        const QByteArray seq = readAll(dir.filePath(base + QStringLiteral(".seq")));
        QVERIFY2(qual.endsWith('\n') && seq.endsWith('\n'), qPrintable(base));
        const QList<QByteArray> qualLines = qual.chopped(1).split('\n');
        const QList<QByteArray> seqLines = seq.chopped(1).split('\n');

        // Both files open with the same phred header naming the read.
        const QString head = QString::fromLatin1(qualLines.first());
        QCOMPARE(QString::fromLatin1(seqLines.first()), head);
        const auto match = headerPattern().match(head);
        QVERIFY2(match.hasMatch(), qPrintable(head));
        QCOMPARE(match.captured(1), base);
        const int bases = match.captured(2).toInt();
        const int trimStart = match.captured(3).toInt();
        const int trimLength = match.captured(4).toInt();
        QVERIFY(bases > 0);
        QVERIFY2(trimStart + trimLength <= bases, qPrintable(head));

        int values = 0;
        for (qsizetype i = 1; i < qualLines.size(); ++i) {
            const QList<QByteArray> fields = qualLines.at(i).split(' ');
            const bool last = i == qualLines.size() - 1;
            QVERIFY2(last ? fields.size() <= 25 : fields.size() == 25, qPrintable(base));
            for (const QByteArray &field : fields) {
                bool ok = false;
                const int v = field.toInt(&ok);
                QVERIFY2(ok && v >= 0 && v <= kMaxQuality, qPrintable(base));
            }
            values += int(fields.size());
        }
        QCOMPARE(values, bases);

        int called = 0;
        for (qsizetype i = 1; i < seqLines.size(); ++i) {
            const QByteArray &line = seqLines.at(i);
            const bool last = i == seqLines.size() - 1;
            QVERIFY2(last ? line.size() <= 60 : line.size() == 60, qPrintable(base));
            const auto isBase = [](char c) { return c == 'A' || c == 'C' || c == 'G' || c == 'T'; };
            QVERIFY2(std::all_of(line.begin(), line.end(), isBase), qPrintable(base));
            called += int(line.size());
        }
        QCOMPARE(called, bases);
    }
}

void TestDemoData::readProfiles_data()
{
    fileFormat_data();
}

void TestDemoData::readProfiles()
{
    QFETCH(QString, folder);
    const std::vector<QualRead> &reads = m_reads.value(folder);
    QCOMPARE(int(reads.size()), kReads);

    // 3-5 % failed reactions: short and with no base above q15.
    int failed = 0;
    for (const QualRead &read : reads) {
        if (read.bases <= 150) {
            ++failed;
            QVERIFY(read.bases >= 20);
            QVERIFY(*std::max_element(read.values.begin(), read.values.end()) < 15);
        } else {
            QVERIFY2(read.bases >= 600 && read.bases <= 1100, qPrintable(QString::number(read.bases)));
            // Low start, a high plateau, a low tail.
            const auto at = [&](int from, int to) {
                double sum = 0;
                for (int i = from; i < to; ++i)
                    sum += read.values[std::size_t(i)];
                return sum / (to - from);
            };
            QVERIFY(at(0, 10) < 30);
            QVERIFY(at(100, 400) > 40 && at(100, 400) < 58);
            QVERIFY(at(read.bases - 20, read.bases) < 25);
        }
    }
    QVERIFY2(failed >= kReads * 3 / 100 && failed <= kReads * 5 / 100, qPrintable(QString::number(failed)));
}

void TestDemoData::treatmentsDiffer()
{
    const auto mean = [this](int t, int r) { return meanOf(m_reads.value(QStringLiteral("t%1_%2").arg(t).arg(r))); };
    const double best = (mean(1, 1) + mean(1, 2)) / 2;
    const double worst = (mean(6, 1) + mean(6, 2)) / 2;
    QVERIFY2(best > worst + 5, qPrintable(QStringLiteral("t1 %1, t6 %2").arg(best).arg(worst)));
    // Replicates of one treatment stay close to each other.
    for (int t = 1; t <= 6; ++t) {
        const double a = mean(t, 1);
        const double b = mean(t, 2);
        QVERIFY2(qAbs(a - b) < 2.5, qPrintable(QStringLiteral("t%1: %2 vs %3").arg(t).arg(a).arg(b)));
    }
}

void TestDemoData::errorsNameThePath_data()
{
    QTest::addColumn<QString>("blocked"); // a path made a file or folder so writing there fails
    QTest::addColumn<bool>("asFolder");
    QTest::addColumn<QString>("root");
    QTest::newRow("root is a file") << QStringLiteral("blocker") << false << QStringLiteral("blocker/demo");
    QTest::newRow("read file is a folder")
        << QStringLiteral("blocked/t1_1/t1_1_read001.qual") << true << QStringLiteral("blocked");
}

void TestDemoData::errorsNameThePath()
{
    QFETCH(QString, blocked);
    QFETCH(bool, asFolder);
    QFETCH(QString, root);
    const QString blockedPath = m_tmp.filePath(blocked);
    if (asFolder) {
        QVERIFY(QDir().mkpath(blockedPath));
    } else {
        QFile file(blockedPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    const auto error = qc::writeDemoData(m_tmp.filePath(root), qc::DemoOptions{2});
    QVERIFY(error.has_value());
    QVERIFY2(error->contains(asFolder ? blockedPath : m_tmp.filePath(root)), qPrintable(*error));
}

void TestDemoData::matchesReferenceScript()
{
    QC_REQUIRE_SHARED(scriptPath());
    const QString tsv = m_tmp.filePath(QStringLiteral("means.tsv"));
    QProcess python;
    python.start(QStringLiteral("python3"), {scriptPath(), m_root, QStringLiteral("--means"), tsv});
    QVERIFY2(python.waitForStarted(), qPrintable(python.errorString()));
    QVERIFY(python.waitForFinished(120000));
    QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0,
             python.readAllStandardError().constData());

    qint64 total = 0;
    for (const auto &reads : std::as_const(m_reads))
        for (const QualRead &read : reads)
            total += qint64(read.values.size());
    const QString out = QString::fromLocal8Bit(python.readAllStandardOutput());
    const QRegularExpression summaryLine(QStringLiteral("over (\\d+) folders, (\\d+) values"));
    const auto summary = summaryLine.match(out);
    QVERIFY2(summary.hasMatch(), qPrintable(out));
    QCOMPARE(summary.captured(1).toInt(), 12);
    QCOMPARE(summary.captured(2).toLongLong(), total);

    // folder, position, count, mean: one row per position that any read reaches.
    QMap<QString, QList<QList<QByteArray>>> rows;
    const QList<QByteArray> lines = readAll(tsv).split('\n');
    for (const QByteArray &line : lines)
        if (!line.isEmpty())
            rows[QString::fromLatin1(line.split('\t').value(0))].append(line.split('\t'));
    QCOMPARE(rows.keys(), expectedFolders());

    for (const QString &folder : expectedFolders()) {
        const std::vector<QualRead> &reads = m_reads.value(folder);
        const QList<QList<QByteArray>> &folderRows = rows.value(folder);
        int longest = 0;
        for (const QualRead &read : reads)
            longest = std::max(longest, read.bases);
        QCOMPARE(folderRows.size(), longest);
        QCOMPARE(folderRows.first().value(2).toInt(), kReads);
        for (int position : {0, 19, 20, 149, 150, 599, 600, 900, longest - 1}) {
            const QList<QByteArray> &row = folderRows.at(position);
            QCOMPARE(row.value(1).toInt(), position);
            int reaching = 0;
            double sum = 0;
            for (const QualRead &read : reads) {
                if (read.bases > position) {
                    ++reaching;
                    sum += read.values[std::size_t(position)];
                }
            }
            QCOMPARE(row.value(2).toInt(), reaching);
            QVERIFY(qAbs(row.value(3).toDouble() - sum / reaching) < 1e-5);
        }
    }
}

QTEST_GUILESS_MAIN(TestDemoData)
#include "tst_demodata.moc"
