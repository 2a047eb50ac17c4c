// A folder full of trouble: every bad file is reported with its path and a reason, every good
// one still counts, and nothing is read into memory that should not be.
#include "analysis/sample.h"
#include "analysis/task.h"

#include <QDir>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest>

#include <cerrno>
#include <cstring>

#include <pwd.h>
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

// For one scope, a process running as root reads files with the rights of `nobody`, as a user's
// engine would: root reads every file, whatever its permissions. Only the effective IDs change
// (the saved ones stay root), so the destructor takes root's rights back, also after a failed check.
// Anyone else already has a user's rights, and nothing changes.
class UnprivilegedScope
{
public:
    UnprivilegedScope()
    {
        if (::geteuid() != 0)
            return;
        const passwd *nobody = ::getpwnam("nobody");
        if (!nobody || nobody->pw_uid == 0) {
            m_error = QStringLiteral("there is no user \"nobody\" to read as");
            return;
        }
        m_group = ::getegid();
        if (::setegid(nobody->pw_gid) != 0) {
            m_error = QStringLiteral("setegid: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
            return;
        }
        m_groupChanged = true;
        if (::seteuid(nobody->pw_uid) != 0) {
            m_error = QStringLiteral("seteuid: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
            return;
        }
        m_userChanged = true;
    }

    ~UnprivilegedScope()
    {
        if (m_userChanged && ::seteuid(0) != 0)
            qFatal("Cannot take root's rights back: %s", std::strerror(errno));
        if (m_groupChanged && ::setegid(m_group) != 0)
            qFatal("Cannot take root's group back: %s", std::strerror(errno));
    }

    UnprivilegedScope(const UnprivilegedScope &) = delete;
    UnprivilegedScope &operator=(const UnprivilegedScope &) = delete;

    // Empty when the scope reads as an ordinary user.
    QString error() const { return m_error; }

private:
    QString m_error;
    gid_t m_group = 0;
    bool m_groupChanged = false;
    bool m_userChanged = false;
};

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
        writeFile(at("garbage.qual"),
                  QByteArray("\x7f"
                             "ELF\x02\x01\x01\x00\x00\x00",
                             10));
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
        // QTemporaryDir cannot remove a file it cannot name, and would leave the folder in /tmp.
        const auto removeLatin1Name = qScopeGuard([&latin1Name] { ::unlink(latin1Name.constData()); });
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

    // Also as root, which is how CI runs: the folder is read with an ordinary user's rights.
    void unreadableFileIsReportedAndTheRestCounts()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // Every folder open to all, so that only the locked file's own permissions stop a reader.
        const auto open = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
            | QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther;
        const QString folder = dir.filePath(QStringLiteral("t3_1"));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::setPermissions(dir.path(), open));
        QVERIFY(QFile::setPermissions(folder, open));
        const QString good = folder + QStringLiteral("/good.qual");
        const QString locked = folder + QStringLiteral("/locked.qual");
        writeFile(good, ">a\n30 40\n");
        writeFile(locked, ">b\n20\n");
        QVERIFY(QFile::setPermissions(
            good, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther));
        QVERIFY(QFile::setPermissions(locked, QFileDevice::Permissions()));

        QList<qc::Sample> samples;
        qc::TaskResult result;
        {
            const UnprivilegedScope asAUser;
            QVERIFY2(asAUser.error().isEmpty(), qPrintable(asAUser.error()));
            QStringList problems;
            samples = qc::discoverSamples({folder}, &problems);
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u' ')));
            QCOMPARE(samples.size(), 1);
            QCOMPARE(samples.first().files.size(), 2);
            result = qc::runTask({1, QStringLiteral("t3_1"), samples.first().files});
        }

        // The rejected file is named, with the reason; the other one counts.
        QCOMPARE(result.errors.size(), 1);
        QCOMPARE(result.errors.first().file, locked);
        const QString denied = QString::fromLocal8Bit(std::strerror(EACCES));
        QCOMPARE(result.errors.first().message, QStringLiteral("cannot open: %1").arg(denied));
        QCOMPARE(result.files, 1);
        QCOMPARE(result.reads, 1);
        QCOMPARE(result.histogram.count(0, 30), 1u);
        QCOMPARE(result.histogram.count(1, 40), 1u);
        QCOMPARE(result.histogram.count(0, 20), 0u);
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
