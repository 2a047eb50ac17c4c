// A folder full of trouble: every bad file is reported with its path and a reason, every good
// one still counts, and nothing is read into memory that should not be.
#include "analysis/sample.h"
#include "analysis/task.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>
#include <unistd.h>

namespace {

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

long peakRssKb()
{
    rusage usage = {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

} // namespace

class TestBadInput : public QObject
{
    Q_OBJECT

private slots:
    void everyBadFileIsReportedAndTheRestCounts()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("t1_1"));
        QVERIFY(QDir().mkpath(folder));
        const auto at = [&folder](const char *name) -> QString { return folder + u'/' + QString::fromLatin1(name); };
        writeFile(at("good1.qual"), ">r1\n40 40 30\n");
        writeFile(at("good2.qual"), ">r2\n20 10\n");
        writeFile(at("empty.qual"), "");
        writeFile(at("garbage.qual"), QByteArray("\x7f" "ELF\x02\x01\x01\x00\x00\x00", 10));
        writeFile(at("text.qual"), ">r\nthis is not quality data\n");
        // 200 MB without a newline, made sparse so the test stays cheap to set up.
        {
            QFile huge(at("huge.qual"));
            QVERIFY(huge.open(QIODevice::WriteOnly));
            QVERIFY(huge.resize(200LL * 1024 * 1024));
        }
        QVERIFY(QFile::link(at("nowhere"), at("dangling.qual")));
        QVERIFY(QFile::link(at("loop_b.qual"), at("loop_a.qual")));
        QVERIFY(QFile::link(at("loop_a.qual"), at("loop_b.qual")));
        // A name that is not valid UTF-8, as old file systems and archives produce.
        const QByteArray latin1Name = QFile::encodeName(folder) + "/caf\xe9.qual";
        {
            FILE *file = std::fopen(latin1Name.constData(), "w");
            QVERIFY(file);
            std::fputs(">r3\n30\n", file);
            std::fclose(file);
        }

        QStringList problems;
        const auto samples = qc::discoverSamples({folder}, &problems);
        QCOMPARE(samples.size(), 1);
        const long rssBefore = peakRssKb();
        const qc::TaskResult result = qc::runTask({1, QStringLiteral("t1_1"), samples.first().files});
        QVERIFY2(peakRssKb() - rssBefore < 32 * 1024, "a bad file was read into memory");

        QHash<QString, QString> reasons;
        for (const qc::FileError &error : result.errors)
            reasons.insert(QFileInfo(error.file).fileName(), error.message);
        QCOMPARE(reasons.value(QStringLiteral("empty.qual")), QStringLiteral("the file is empty"));
        QVERIFY(reasons.value(QStringLiteral("garbage.qual")).contains(QStringLiteral("NUL")));
        QVERIFY(reasons.value(QStringLiteral("text.qual")).contains(QStringLiteral("not a whole number")));
        QVERIFY(reasons.value(QStringLiteral("huge.qual")).contains(QStringLiteral("200 MB")));
        QVERIFY(reasons.value(QStringLiteral("dangling.qual")).contains(QStringLiteral("cannot open")));
        QVERIFY(reasons.value(QStringLiteral("loop_a.qual")).contains(QStringLiteral("cannot open")));
        QVERIFY(reasons.value(QStringLiteral("loop_b.qual")).contains(QStringLiteral("cannot open")));
        for (const qc::FileError &error : result.errors)
            QVERIFY2(QFileInfo(error.file).absolutePath() == folder, qPrintable(error.file)); // the path is named

        // The oddly named file cannot be opened by a Unicode path: it is reported, not lost.
        QCOMPARE(samples.first().scanErrors.size(), 1);
        QVERIFY(samples.first().scanErrors.first().message.contains(QStringLiteral("not valid UTF-8")));
        QVERIFY(samples.first().scanErrors.first().file.startsWith(folder));
        QCOMPARE(result.files, 2);
        QCOMPARE(result.reads, 2);
        QCOMPARE(result.histogram.count(0, 40), 1u);
        QCOMPARE(result.histogram.count(0, 20), 1u);
    }

    void folderDeletedBeforeItsTaskRuns()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("t2_1"));
        QVERIFY(QDir().mkpath(folder));
        writeFile(folder + QStringLiteral("/a.qual"), ">a\n30\n");
        QStringList problems;
        const auto samples = qc::discoverSamples({folder}, &problems);
        QVERIFY(QDir(folder).removeRecursively());
        const qc::TaskResult result = qc::runTask({1, QStringLiteral("t2_1"), samples.first().files});
        QCOMPARE(result.errors.size(), 1);
        QVERIFY(result.errors.first().message.contains(QStringLiteral("cannot open")));
        QCOMPARE(result.reads, 0);
    }

    void folderWithoutReadsIsReported()
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("notes.txt")), "no reads here");
        QStringList problems;
        QVERIFY(qc::discoverSamples({dir.path()}, &problems).isEmpty());
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems.first().contains(dir.path()));
    }

    void unreadableFileIsReported()
    {
        if (::geteuid() == 0)
            QSKIP("root reads every file; permissions cannot make one unreadable");
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("locked.qual"));
        writeFile(path, ">a\n30\n");
        QFile::setPermissions(path, QFileDevice::Permissions());
        const qc::TaskResult result = qc::runTask({1, QStringLiteral("x"), {path}});
        QCOMPARE(result.errors.size(), 1);
        QVERIFY(result.errors.first().message.contains(QStringLiteral("Permission denied")));
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
