// The timing panel's wording, its task timeline and its engine table, on runs built by hand.
#include "panels/tasktimelinewidget.h"
#include "panels/timingpanel.h"

#include <QDir>
#include <QFontMetricsF>
#include <QImage>
#include <QTableWidget>
#include <QtTest>

#include <optional>

using namespace qc;

namespace {

struct TaskSpec
{
    QString folder;
    int engineId;
    qint64 pid;
    qint64 startUs;
    qint64 endUs;
    QString host = {}; // where the engine ran; "node1" in the folder table when not given
};

RunTiming timing(const QString &mode, int engines, double wall, std::optional<double> serial, double startup = 0)
{
    RunTiming t;
    t.mode = mode;
    t.engines = engines;
    t.wallSeconds = wall;
    t.serialSeconds = serial;
    t.startupSeconds = startup;
    return t;
}

// A run whose samples, engines and seconds follow from its tasks, as RunAccumulator builds them.
RunResult makeRun(const RunTiming &t, const QList<TaskSpec> &tasks)
{
    RunResult run;
    run.timing = t;
    quint64 id = 0;
    for (const TaskSpec &spec : tasks) {
        run.tasks.append({++id, spec.folder, spec.engineId, spec.pid, spec.startUs, spec.endUs, spec.host});
        auto it = std::find_if(run.samples.begin(), run.samples.end(),
                               [&](const SampleResult &s) { return s.sample.name == spec.folder; });
        if (it == run.samples.end()) {
            SampleResult sample;
            sample.sample.name = spec.folder;
            parseSampleName(spec.folder, &sample.sample.treatment, &sample.sample.replicate);
            run.samples.append(sample);
            it = run.samples.end() - 1;
        }
        it->seconds += double(spec.endUs - spec.startUs) / 1e6;
        const EngineRef engine{spec.engineId, spec.pid, spec.host.isEmpty() ? QStringLiteral("node1") : spec.host};
        if (!it->engines.contains(engine))
            it->engines.append(engine);
    }
    return run;
}

// Six tasks on two engines, alternating, as a load-balanced queue hands them out.
QList<TaskSpec> sixTasks()
{
    const qint64 t0 = 1'700'000'000'000'000;
    return {{QStringLiteral("t1_1"), 1, 1001, t0, t0 + 300'000},
            {QStringLiteral("t1_2"), 2, 1002, t0 + 5'000, t0 + 310'000},
            {QStringLiteral("t2_1"), 1, 1001, t0 + 300'000, t0 + 620'000},
            {QStringLiteral("t2_2"), 2, 1002, t0 + 310'000, t0 + 600'000},
            {QStringLiteral("control"), 1, 1001, t0 + 620'000, t0 + 950'000},
            {QStringLiteral("t1_1"), 2, 1002, t0 + 600'000, t0 + 990'000}};
}

// The lesson's layout: twelve folders t1_1..t6_2, two chunks each, on two engines.
RunResult realisticRun()
{
    QList<TaskSpec> tasks;
    const qint64 t0 = 1'700'000'000'000'000;
    qint64 free[2] = {t0 + 400, t0 + 900};
    for (int treatment = 1; treatment <= 6; ++treatment) {
        for (int replicate = 1; replicate <= 2; ++replicate) {
            for (int chunk = 0; chunk < 2; ++chunk) {
                const int engine = free[0] <= free[1] ? 0 : 1;
                const qint64 duration = 5'200 + 900 * ((treatment * 7 + replicate * 3 + chunk) % 5);
                tasks.append({QStringLiteral("t%1_%2").arg(treatment).arg(replicate), engine + 1, 48211 + engine * 7,
                              free[engine], free[engine] + duration});
                free[engine] += duration + 120;
            }
        }
    }
    return makeRun(timing(QStringLiteral("balanced"), 2, 0.0842, 0.1566, 0.035), tasks);
}

} // namespace

class TimingPanelTest : public QObject
{
    Q_OBJECT

private slots:
    void speedupText_data();
    void speedupText();
    void noSerialShowsNote();
    void startupLine();
    void timelineRowsAndBars();
    void timelineColoursByTreatment();
    void threadPoolLanesDoNotOverlap();
    void timelineToolTip();
    void timelineNamesHosts();
    void pidTable();
    void clearReturnsToEmptyState();
    void replacedEnginesAreNotExtra();
    void staleMarkUntilTheNextRun();
    void emptyStateDrawsText();
    void screenshot();
};

void TimingPanelTest::speedupText_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("engines");
    QTest::addColumn<double>("wall");
    QTest::addColumn<double>("serial"); // negative: not measured
    QTest::addColumn<QString>("expected");

    // Issue item 9: as a person says it ("3 times slower than one process", "1.8 times faster"),
    // with the efficiency in words.
    QTest::newRow("twice as fast")
        << QStringLiteral("balanced") << 2 << 1.0 << 2.0
        << QStringLiteral("2 engines: 2 times faster than one process. Perfect sharing would make it 2 times faster; "
                          "this run got 100 % of that");
    QTest::newRow("nearly twice")
        << QStringLiteral("direct") << 2 << 1.0 << 1.9
        << QStringLiteral("2 engines: 1.9 times faster than one process. Perfect sharing would make it 2 times faster; "
                          "this run got 95 % of that");
    QTest::newRow("1.8 times on four")
        << QStringLiteral("balanced") << 4 << 1.0 << 1.8
        << QStringLiteral("4 engines: 1.8 times faster than one process. Perfect sharing would make it 4 times faster; "
                          "this run got 45 % of that");
    QTest::newRow("slower")
        << QStringLiteral("balanced") << 2 << 1.0 << 0.6
        << QStringLiteral("2 engines: 1.7 times slower than one process. Perfect sharing would make it 2 times faster; "
                          "this run got 30 % of that");
    QTest::newRow("0.33x: 3 times slower")
        << QStringLiteral("balanced") << 4 << 1.0 << 0.33
        << QStringLiteral("4 engines: 3 times slower than one process. Perfect sharing would make it 4 times faster; "
                          "this run got 8 % of that");
    QTest::newRow("slightly slower is about as fast")
        << QStringLiteral("balanced") << 2 << 1.0 << 0.98
        << QStringLiteral("2 engines: about as fast as one process. Perfect sharing would make it 2 times faster; "
                          "this run got 49 % of that");
    QTest::newRow("threads")
        << QStringLiteral("threads") << 4 << 0.5 << 1.5
        << QStringLiteral("4 threads: 3 times faster than one thread. Perfect sharing would make it 4 times faster; "
                          "this run got 75 % of that");
    QTest::newRow("threads slower")
        << QStringLiteral("threads") << 2 << 0.02 << 0.01
        << QStringLiteral("2 threads: 2 times slower than one thread. Perfect sharing would make it 2 times faster; "
                          "this run got 25 % of that");
    QTest::newRow("twelve times")
        << QStringLiteral("balanced") << 16 << 1.0 << 12.3
        << QStringLiteral(
               "16 engines: 12 times faster than one process. Perfect sharing would make it 16 times faster; "
               "this run got 77 % of that");
    QTest::newRow("one engine") << QStringLiteral("balanced") << 1 << 1.0 << 1.0
                                << QStringLiteral("1 engine: about as fast as one process");
    QTest::newRow("no serial") << QStringLiteral("balanced") << 2 << 1.0 << -1.0
                               << QStringLiteral("2 engines: finished in 1.000 s");
}

void TimingPanelTest::speedupText()
{
    QFETCH(QString, mode);
    QFETCH(int, engines);
    QFETCH(double, wall);
    QFETCH(double, serial);
    QFETCH(QString, expected);

    TimingPanel panel;
    const auto measured = serial >= 0 ? std::optional<double>(serial) : std::nullopt;
    panel.setRun(makeRun(timing(mode, engines, wall, measured), sixTasks()));
    QCOMPARE(panel.speedupText(), expected);
    QCOMPARE(TimingPanel::describeSpeedup(timing(mode, engines, wall, measured)), expected);
}

void TimingPanelTest::noSerialShowsNote()
{
    TimingPanel panel;
    panel.setRun(makeRun(timing(QStringLiteral("balanced"), 2, 1.0, std::nullopt), sixTasks()));
    QCOMPARE(panel.noteText(), QStringLiteral("Tick \u201cCompare with a serial run\u201d to see speedup."));

    panel.setRun(makeRun(timing(QStringLiteral("balanced"), 2, 1.0, 2.0), sixTasks()));
    QVERIFY(panel.noteText().isEmpty());
}

void TimingPanelTest::startupLine()
{
    TimingPanel panel;
    panel.setRun(makeRun(timing(QStringLiteral("balanced"), 2, 1.0, 2.0, 0.035), sixTasks()));
    QCOMPARE(panel.startupText(), QStringLiteral("Engines started and connected in 0.035 s"));
    panel.setRun(makeRun(timing(QStringLiteral("threads"), 2, 1.0, 2.0), sixTasks()));
    QVERIFY(panel.startupText().isEmpty());
}

void TimingPanelTest::timelineRowsAndBars()
{
    TimingPanel panel;
    panel.resize(1200, 800);
    panel.setRun(makeRun(timing(QStringLiteral("balanced"), 2, 1.0, 2.0), sixTasks()));
    const TaskTimelineWidget *timeline = panel.timeline();
    QCOMPARE(timeline->rowCount(), 2);
    QCOMPARE(timeline->barCount(), 6);
    QCOMPARE(timeline->rowLabel(0), QStringLiteral("Engine 1 (PID 1001)"));
    QCOMPARE(timeline->rowLabel(1), QStringLiteral("Engine 2 (PID 1002)"));

    // Bars sit inside the widget, each engine's bars on one line, in time order, never overlapping.
    for (int i = 0; i < timeline->barCount(); ++i) {
        const QRectF rect = timeline->barRect(i);
        QVERIFY2(QRectF(timeline->rect()).contains(rect), qPrintable(QString::number(i)));
        QVERIFY(rect.width() > 10);
        if (i > 0 && timeline->barRow(i) == timeline->barRow(i - 1)) {
            QCOMPARE(rect.top(), timeline->barRect(i - 1).top());
            QVERIFY(rect.left() >= timeline->barRect(i - 1).right() - 0.5);
        }
    }
    QVERIFY(timeline->barRect(0).top() < timeline->barRect(3).top()); // engine 2 is below
    // Engine 2's first task started 5 ms after engine 1's; its last one ended 40 ms later.
    QVERIFY(timeline->barRect(3).left() > timeline->barRect(0).left());
    QVERIFY(timeline->barRect(5).right() > timeline->barRect(2).right());
    QVERIFY(timeline->barRect(6).isNull());
}

void TimingPanelTest::timelineColoursByTreatment()
{
    TaskTimelineWidget timeline;
    timeline.setRun(makeRun(timing(QStringLiteral("balanced"), 2, 1.0, 2.0), sixTasks()));
    QColor t1;
    QColor t2;
    QColor control;
    for (int i = 0; i < timeline.barCount(); ++i) {
        const QString folder = timeline.barFolder(i);
        QColor &slot = folder.startsWith(u"t1") ? t1 : folder.startsWith(u"t2") ? t2 : control;
        if (slot.isValid())
            QCOMPARE(timeline.barColor(i), slot); // both replicates and chunks share a colour
        slot = timeline.barColor(i);
    }
    QCOMPARE(t1, QColor::fromRgb(0x1f77b4)); // the overlay chart's first treatment colour
    QVERIFY(t1 != t2);
    QVERIFY(control != t1 && control != t2);
}

void TimingPanelTest::threadPoolLanesDoNotOverlap()
{
    // In-process tasks all carry engine id -1 and the app's PID, and run side by side.
    QList<TaskSpec> tasks;
    for (int i = 0; i < 6; ++i)
        tasks.append({QStringLiteral("t%1_1").arg(i + 1), -1, 777, 1000 + (i / 2) * 5000, 6000 + (i / 2) * 5000});
    TaskTimelineWidget timeline;
    timeline.resize(900, 400);
    timeline.setRun(makeRun(timing(QStringLiteral("threads"), 2, 0.02, std::nullopt), tasks));
    QCOMPARE(timeline.rowCount(), 1);
    QCOMPARE(timeline.rowLabel(0), QStringLiteral("Thread pool"));
    QCOMPARE(timeline.barCount(), 6);
    for (int i = 0; i < 6; ++i)
        for (int j = i + 1; j < 6; ++j)
            QVERIFY(!timeline.barRect(i).adjusted(1, 1, -1, -1).intersects(timeline.barRect(j)));

    timeline.setRun(makeRun(timing(QStringLiteral("serial"), 1, 0.02, std::nullopt), tasks.mid(0, 1)));
    QCOMPARE(timeline.rowLabel(0), QStringLiteral("Serial"));
}

void TimingPanelTest::timelineToolTip()
{
    TaskTimelineWidget timeline;
    timeline.resize(1000, 300);
    timeline.setRun(makeRun(timing(QStringLiteral("balanced"), 2, 1.0, 2.0), sixTasks()));
    const QString tip = timeline.toolTipAt(timeline.barRect(1).center().toPoint());
    QCOMPARE(tip, QStringLiteral("t2_1\nEngine 1 (PID 1001)\nStart 300 ms, end 620 ms\nDuration 320 ms"));
    QVERIFY(timeline.toolTipAt(QPoint(1, 1)).isEmpty());
}

void TimingPanelTest::timelineNamesHosts()
{
    // Engines on two machines may have the same PID: the rows and tooltips say which host.
    QList<TaskSpec> tasks = sixTasks();
    for (TaskSpec &task : tasks) {
        task.host = task.engineId == 1 ? QStringLiteral("node1") : QStringLiteral("node2");
        task.pid = 4242;
    }
    TaskTimelineWidget timeline;
    timeline.resize(1000, 300);
    timeline.setRun(makeRun(timing(QStringLiteral("balanced"), 2, 1.0, 2.0), tasks));
    QCOMPARE(timeline.rowCount(), 2);
    QCOMPARE(timeline.rowLabel(0), QStringLiteral("Engine 1 (PID 4242 on node1)"));
    QCOMPARE(timeline.rowLabel(1), QStringLiteral("Engine 2 (PID 4242 on node2)"));
    QCOMPARE(timeline.toolTipAt(timeline.barRect(3).center().toPoint()),
             QStringLiteral("t1_2\nEngine 2 (PID 4242 on node2)\nStart 5.0 ms, end 310 ms\nDuration 305 ms"));
    TimingPanel panel;
    panel.setRun(makeRun(timing(QStringLiteral("balanced"), 2, 1.0, 2.0), tasks));
    const auto *table = panel.findChild<QTableWidget *>();
    QCOMPARE(table->item(0, 2)->text(), QStringLiteral("node1, node2")); // t1_1 ran on both
}

void TimingPanelTest::pidTable()
{
    TimingPanel panel;
    panel.setRun(makeRun(timing(QStringLiteral("balanced"), 2, 1.0, 2.0), sixTasks()));
    QCOMPARE(panel.pidRowCount(), 5); // t1_1, t1_2, t2_1, t2_2, control
    const auto *table = panel.findChild<QTableWidget *>();
    QVERIFY(table);
    QCOMPARE(table->horizontalHeaderItem(1)->text(), QStringLiteral("Engine PID(s)"));
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("t1_1"));
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("1001, 1002")); // split over both engines
    QCOMPARE(table->item(0, 2)->text(), QStringLiteral("node1"));
    QCOMPARE(table->item(0, 3)->text(), QStringLiteral("0.690"));
    QCOMPARE(table->item(1, 1)->text(), QStringLiteral("1002"));
    QVERIFY(!table->accessibleName().isEmpty());
}

void TimingPanelTest::clearReturnsToEmptyState()
{
    TimingPanel panel;
    panel.setRun(makeRun(timing(QStringLiteral("balanced"), 2, 1.0, 2.0, 0.05), sixTasks()));
    panel.clear();
    QCOMPARE(panel.speedupText(), QStringLiteral("No run yet."));
    QVERIFY(panel.startupText().isEmpty());
    QCOMPARE(panel.timeline()->rowCount(), 0);
    QCOMPARE(panel.timeline()->barCount(), 0);
    QCOMPARE(panel.pidRowCount(), 0);
}

void TimingPanelTest::replacedEnginesAreNotExtra()
{
    // Issue item 1: two engines of three processes (one replaced a dead one): ideal and efficiency
    // use the engines working at once, as the run counted them.
    QList<TaskSpec> tasks = sixTasks();
    tasks[4].engineId = 3;
    tasks[4].pid = 1003;
    TimingPanel panel;
    panel.setRun(makeRun(timing(QStringLiteral("balanced"), 2, 1.0, 1.5), tasks));
    QVERIFY2(panel.speedupText().startsWith(QStringLiteral("2 engines: 1.5 times faster")),
             qPrintable(panel.speedupText()));
    QVERIFY(panel.speedupText().endsWith(QStringLiteral("would make it 2 times faster; this run got 75 % of that")));
    QWidget *bars = nullptr;
    for (auto *widget : panel.findChildren<QWidget *>())
        if (widget->accessibleName() == u"Serial and parallel seconds")
            bars = widget;
    QVERIFY(bars);
    // NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage): QVERIFY returns when it is null
    QVERIFY2(bars->accessibleDescription().contains(QStringLiteral("Ideal (serial / 2): 0.750 s")),
             qPrintable(bars->accessibleDescription()));
    QCOMPARE(panel.timeline()->rowCount(), 3); // the timeline still shows every process
}

void TimingPanelTest::staleMarkUntilTheNextRun()
{
    // Issue item 2: figures of a run whose folders are no longer the ones listed say so above them.
    TimingPanel panel;
    panel.setRun(makeRun(timing(QStringLiteral("balanced"), 2, 1.0, 2.0), sixTasks()));
    QVERIFY(panel.staleText().isEmpty());
    panel.markStale(QStringLiteral("This is the timing of the last run."));
    QCOMPARE(panel.staleText(), QStringLiteral("This is the timing of the last run."));
    panel.setRun(makeRun(timing(QStringLiteral("balanced"), 2, 1.0, 2.0), sixTasks()));
    QVERIFY(panel.staleText().isEmpty());
    panel.markStale(QStringLiteral("stale"));
    panel.clear();
    QVERIFY(panel.staleText().isEmpty());
}

void TimingPanelTest::emptyStateDrawsText()
{
    // Missing fonts draw nothing silently: the centred message must put dark pixels on white.
    TaskTimelineWidget timeline;
    timeline.resize(600, 200);
    const QImage image = timeline.grab().toImage();
    int dark = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            dark += qGray(image.pixel(x, y)) < 200 ? 1 : 0;
    QVERIFY(dark > 50);
}

void TimingPanelTest::screenshot()
{
    TimingPanel panel;
    panel.resize(1400, 900);
    panel.setRun(realisticRun());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QCOMPARE(panel.timeline()->barCount(), 24);
    QCOMPARE(panel.pidRowCount(), 12);
    QCOMPARE(panel.speedupText(),
             QStringLiteral("2 engines: 1.9 times faster than one process. Perfect sharing would "
                            "make it 2 times faster; this run got 93 % of that"));
    // At this size every bar is wide enough to name its folder in full.
    const QFontMetricsF fm(panel.timeline()->font());
    for (int i = 0; i < panel.timeline()->barCount(); ++i)
        QVERIFY(panel.timeline()->barRect(i).width() - 7 >= fm.horizontalAdvance(panel.timeline()->barFolder(i)));
    const QPixmap pixmap = panel.grab();
    QCOMPARE(pixmap.size(), QSize(1400, 900));
    // Beside the test program in its own build folder, for a person to look at; not a shared /tmp name.
    const QString path = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("timingpanel.png"));
    QVERIFY(pixmap.save(path));
    qInfo("Wrote %s", qPrintable(QDir::toNativeSeparators(path)));
}

QTEST_MAIN(TimingPanelTest)
#include "tst_timingpanel.moc"
