// The Run panel as a user reads it: the bar and the words agree, Run and Cancel are offered only
// when they can act, and a finished run says what it came to and what went wrong on the way.
#include "panels/runpanel.h"

#include <QAction>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QtTest>

using namespace qc;

namespace {

// What a progress bar shows for `done` of `total`: the percent that the text's "N of M" reads as.
QString percentOf(int done, int total)
{
    QProgressBar bar;
    bar.setRange(0, total);
    bar.setValue(done);
    return bar.text();
}

QPushButton *button(QWidget *root, const QString &accessibleName)
{
    for (auto *candidate : root->findChildren<QPushButton *>())
        if (candidate->accessibleName() == accessibleName)
            return candidate;
    return nullptr;
}

RunResult finishedRun(QList<EngineLoss> lost = {})
{
    RunResult run;
    run.timing.mode = QStringLiteral("balanced");
    run.timing.engines = 4;
    run.timing.wallSeconds = 1.0;
    run.timing.serialSeconds = 1.8;
    for (const char *name : {"t1_1", "t1_2"}) {
        SampleResult sample;
        sample.sample.name = QString::fromLatin1(name);
        sample.sample.path = QStringLiteral("/data/") + sample.sample.name;
        run.samples.append(sample);
    }
    run.lostEngines = std::move(lost);
    return run;
}

} // namespace

class TestRunPanel : public QObject
{
    Q_OBJECT

private slots:
    // Issue item 3: "39 %" beside "18 of 24 tasks done".
    void barAgreesWithTheWords_data()
    {
        QTest::addColumn<bool>("compare");
        QTest::addColumn<QStringList>("updates"); // "phase done total"
        QTest::addColumn<QString>("text");
        QTest::newRow("engines, the serial comparison next")
            << true << QStringList{QStringLiteral("balanced 18 24")}
            << QStringLiteral("On the engines (step 1 of 2): 18 of 24 tasks done");
        QTest::newRow("the serial comparison after the engines")
            << true << QStringList{QStringLiteral("balanced 24 24"), QStringLiteral("serial 6 24")}
            << QStringLiteral("Serial comparison (step 2 of 2): 6 of 24 tasks done");
        QTest::newRow("the comparison's first count after a throttled engine count")
            << true << QStringList{QStringLiteral("direct 20 24"), QStringLiteral("serial 1 24")}
            << QStringLiteral("Serial comparison (step 2 of 2): 1 of 24 tasks done");
        QTest::newRow("threads alone") << false << QStringList{QStringLiteral("threads 7 24")}
                                       << QStringLiteral("On threads: 7 of 24 tasks done");
    }
    void barAgreesWithTheWords()
    {
        QFETCH(bool, compare);
        QFETCH(QStringList, updates);
        QFETCH(QString, text);
        RunPanel panel;
        panel.setCompareSerial(compare);
        panel.handleRunStarted(compare ? 48 : 24);
        for (const QString &update : std::as_const(updates)) {
            const QStringList parts = update.split(u' ');
            panel.handleProgress(parts[0], parts[1].toInt(), parts[2].toInt());
        }
        static const QRegularExpression count(QStringLiteral("(\\d+) of (\\d+) tasks done"));
        const QRegularExpressionMatch said = count.match(panel.progressText());
        QVERIFY2(said.hasMatch(), qPrintable(panel.progressText()));
        const auto *bar = panel.findChild<QProgressBar *>();
        QCOMPARE(bar->text(), percentOf(said.captured(1).toInt(), said.captured(2).toInt()));
        QVERIFY2(panel.progressText().startsWith(text), qPrintable(panel.progressText()));
    }

    // Issue item 4: Run needs folders (and says so), Cancel needs a run; menus follow the buttons.
    void runAndCancelAreOfferedWhenTheyCanAct()
    {
        RunPanel panel;
        QPushButton *run = button(&panel, QStringLiteral("Run the analysis"));
        QPushButton *cancel = button(&panel, QStringLiteral("Cancel the run"));
        QVERIFY(!run->isEnabled() && !panel.runAction()->isEnabled());
        QVERIFY(!cancel->isEnabled() && !panel.cancelAction()->isEnabled());
        QCOMPARE(panel.progressText(),
                 QStringLiteral("Add folders of reads to run: File \u25b8 Add folders\u2026, or drag them in."));

        panel.setFolderCount(3);
        QVERIFY(run->isEnabled() && panel.runAction()->isEnabled());
        QCOMPARE(panel.progressText(), QStringLiteral("Ready to analyse 3 folders."));
        QSignalSpy requested(&panel, &RunPanel::runRequested);
        panel.runAction()->trigger();
        QCOMPARE(requested.size(), 1);

        panel.handleRunStarted(6);
        QVERIFY(!run->isEnabled() && !panel.runAction()->isEnabled());
        QVERIFY(cancel->isEnabled() && panel.cancelAction()->isEnabled());
        panel.setFolderCount(4); // folders added during a run do not offer a second one
        QVERIFY(!panel.runAction()->isEnabled());
        panel.handleRunEnded(QStringLiteral("Run cancelled; the cluster is ready for the next one."));
        QVERIFY(run->isEnabled() && !cancel->isEnabled() && !panel.cancelAction()->isEnabled());
        QCOMPARE(panel.findChild<QProgressBar *>()->value(), 0);

        panel.setFolderCount(0);
        QVERIFY(!run->isEnabled());
        QVERIFY(panel.progressText().startsWith(QStringLiteral("Add folders of reads to run")));
    }

    // Issue items 1 and 9: the summary in words, and an engine that died said in the panel.
    void summarySaysTheSpeedupAndEnginesThatDied()
    {
        RunPanel panel;
        panel.setFolderCount(2);
        panel.handleRunStarted(4);
        QString shown = panel.showResult(finishedRun());
        QCOMPARE(panel.progressText(),
                 QStringLiteral("Done: 2 folders in 1.000 s, 1.8 times faster than one process."));
        // In full in the status bar, with the efficiency in words.
        QCOMPARE(shown,
                 QStringLiteral("Done: 2 folders in 1.000 s. 4 engines: 1.8 times faster than one process. Perfect "
                                "sharing would make it 4 times faster; this run got 45 % of that."));
        QVERIFY(panel.noticeText().isEmpty());
        QCOMPARE(panel.findChild<QProgressBar *>()->text(), percentOf(1, 1));

        panel.handleRunStarted(4);
        shown =
            panel.showResult(finishedRun({{3, 4242, QStringLiteral("node1"), QStringLiteral("killed by signal 9")}}));
        QCOMPARE(panel.noticeText(),
                 QStringLiteral("An engine ended during the run: engine 3 killed by signal 9. Its unfinished tasks "
                                "were run again on other engines: no file is missing from the results."));
        // PIDs and hosts, which the engines table shows, are in full in the status bar.
        QVERIFY2(
            shown.endsWith(QStringLiteral(" An engine ended during the run: engine 3 (PID 4242 on node1) killed by "
                                          "signal 9. Its unfinished tasks were run again on other engines: no file "
                                          "is missing from the results.")),
            qPrintable(shown));
        panel.handleRunStarted(4); // a new run starts without the last one's notice
        QVERIFY(panel.noticeText().isEmpty());
        QList<EngineLoss> many;
        for (int id = 1; id <= 4; ++id)
            many.append({id,
                         4000 + id,
                         {},
                         id == 4 ? QStringLiteral("exited with code 1") : QStringLiteral("killed by signal 9")});
        panel.showResult(finishedRun(many));
        QVERIFY2(panel.noticeText().startsWith(
                     QStringLiteral("4 engines ended during the run: killed by signal 9; exited with "
                                    "code 1. Their unfinished tasks")),
                 qPrintable(panel.noticeText()));
    }

    // Issue item 2: the summary of a run whose folders are no longer the ones listed.
    void resultsForListedFolders()
    {
        RunPanel panel;
        const RunResult run = finishedRun({{3, 4242, {}, QStringLiteral("killed by signal 9")}});
        panel.setFolderCount(2);
        panel.handleRunStarted(2);
        panel.showResult(run);
        bool partial = true;
        const QList<Sample> both = {run.samples[0].sample, run.samples[1].sample};
        QCOMPARE(panel.resultsForListed(run, both, &partial)->samples.size(), 2);
        QVERIFY(!partial);

        Sample sameName = run.samples[0].sample;
        sameName.path = QStringLiteral("/elsewhere/t1_1");
        const auto kept = panel.resultsForListed(run, {run.samples[1].sample, sameName}, &partial);
        QVERIFY(partial);
        QCOMPARE(kept->samples.size(), 1);
        QCOMPARE(kept->samples[0].sample.name, QStringLiteral("t1_2"));
        QCOMPARE(panel.progressText(),
                 QStringLiteral("Results are shown for 1 folder of the last run; 1 folder added since "
                                "has none yet: Run to analyse them."));
        QVERIFY(!panel.resultsForListed(run, {sameName}, &partial));
        QVERIFY(
            panel.progressText().startsWith(QStringLiteral("The last run's results were of folders no longer listed")));
        QVERIFY(panel.noticeText().isEmpty());

        // Listed again as they were: the run's own summary and notice come back.
        QVERIFY(panel.resultsForListed(run, both, &partial));
        QVERIFY(panel.progressText().startsWith(QStringLiteral("Done: 2 folders")));
        QVERIFY(panel.noticeText().startsWith(QStringLiteral("An engine ended during the run")));
    }
};

QTEST_MAIN(TestRunPanel)
#include "tst_runpanel.moc"
