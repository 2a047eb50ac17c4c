// Dropped archives are unpacked with libarchive, and cannot write outside the chosen folder.
#include "io/archive.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

// Writes a zip holding `entries` (name -> content) with Python's zipfile, an independent writer.
bool makeZip(const QString &zip, const QMap<QString, QByteArray> &entries)
{
    QString script = QStringLiteral("import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1], 'w')\n");
    for (auto it = entries.begin(); it != entries.end(); ++it)
        script += QStringLiteral("z.writestr(%1, %2)\n")
                      .arg(QStringLiteral("'") + it.key() + QStringLiteral("'"),
                           QStringLiteral("bytes.fromhex('") + QString::fromLatin1(it.value().toHex())
                               + QStringLiteral("')"));
    script += QStringLiteral("z.close()\n");
    QProcess python;
    python.start(QStringLiteral("python3"), {QStringLiteral("-c"), script, zip});
    return python.waitForFinished(30000) && python.exitCode() == 0;
}

} // namespace

class TestArchive : public QObject
{
    Q_OBJECT

private slots:
    void recognisesArchiveNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("archive");
        QTest::newRow("zip") << QStringLiteral("run.zip") << true;
        QTest::newRow("upper-case ZIP") << QStringLiteral("RUN.ZIP") << true;
        QTest::newRow("tar.gz") << QStringLiteral("run.tar.gz") << true;
        QTest::newRow("qual file") << QStringLiteral("read.qual") << false;
    }
    void recognisesArchiveNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, archive);
        QCOMPARE(qc::isArchiveFileName(name), archive);
    }

    void unpacksFoldersOfReads()
    {
        QTemporaryDir dir;
        const QString zip = dir.filePath(QStringLiteral("run.zip"));
        QVERIFY(makeZip(zip,
                        {{QStringLiteral("t1_1/a.qual"), ">a\n10 20\n"}, {QStringLiteral("t1_2/b.qual"), ">b\n30\n"}}));
        const QString out = dir.filePath(QStringLiteral("out"));
        const auto error = qc::extractArchive(zip, out);
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        QFile a(out + QStringLiteral("/t1_1/a.qual"));
        QVERIFY(a.open(QIODevice::ReadOnly));
        QCOMPARE(a.readAll(), QByteArray(">a\n10 20\n"));
        QVERIFY(QFileInfo::exists(out + QStringLiteral("/t1_2/b.qual")));
    }

    void refusesEntriesThatEscape()
    {
        QTemporaryDir dir;
        const QString zip = dir.filePath(QStringLiteral("evil.zip"));
        QVERIFY(makeZip(zip, {{QStringLiteral("../escaped.qual"), ">x\n1\n"}}));
        const auto error = qc::extractArchive(zip, dir.filePath(QStringLiteral("out")));
        QVERIFY(error);
        QVERIFY(error->contains(zip));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("escaped.qual"))));
    }

    void reportsAnArchiveThatIsNotOne()
    {
        QTemporaryDir dir;
        QFile fake(dir.filePath(QStringLiteral("fake.zip")));
        QVERIFY(fake.open(QIODevice::WriteOnly));
        fake.write("this is not a zip file at all");
        fake.close();
        const auto error = qc::extractArchive(fake.fileName(), dir.filePath(QStringLiteral("out")));
        QVERIFY(error);
        QVERIFY(error->contains(fake.fileName()));
    }
};

QTEST_GUILESS_MAIN(TestArchive)
#include "tst_archive.moc"
