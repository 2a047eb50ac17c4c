// Replays every input a fuzzer once crashed on (tests/fuzz/regressions/<target>/) through the
// same checks the fuzz target runs, without libFuzzer: a bug found once stays fixed.
#include "../fuzz/fuzzchecks.h"

#include <QDir>
#include <QFile>
#include <QtTest>

using namespace qc::fuzz;

namespace {

QString regressionsDir(const char *target)
{
    return QStringLiteral(SOURCE_DIR "/tests/fuzz/regressions/") + QLatin1StringView(target);
}

} // namespace

class TestFuzzRegressions : public QObject
{
    Q_OBJECT

private slots:
    // tests/fuzz/run.sh copies crashes there; a missing folder would silently replay nothing.
    void foldersExist()
    {
        for (const Target &target : kTargets)
            QVERIFY2(QFileInfo(regressionsDir(target.name)).isDir(), qPrintable(regressionsDir(target.name)));
    }

    void replay_data()
    {
        QTest::addColumn<int>("target");
        QTest::addColumn<QString>("path");
        for (int i = 0; i < int(std::size(kTargets)); ++i) {
            // Hidden files (the folder's .gitkeep) are not inputs.
            const QDir dir(regressionsDir(kTargets[i].name));
            for (const QString &name : dir.entryList(QDir::Files, QDir::Name))
                QTest::addRow("%s/%s", kTargets[i].name, qPrintable(name)) << i << dir.filePath(name);
        }
    }

    void replay()
    {
        // With no rows QtTest still calls this once, without data.
        if (!QTest::currentDataTag())
            QSKIP("No regression inputs to replay.");
        QFETCH(int, target);
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
        const QByteArray input = file.readAll();
        const Violation violation = kTargets[target].check(input);
        QVERIFY2(!violation, qPrintable(violation.value_or(QString())));
    }
};

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_fuzzregressions.moc"
