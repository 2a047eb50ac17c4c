// Mean-quality charts: titles, axes and points from hand-made histograms, and PNG export.
#include "charts/chartexport.h"
#include "charts/qualitychart.h"
#include "sampleresults.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QFontDatabase>
#include <QLegend>
#include <QLineSeries>
#include <QSet>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>

#include <cmath>
#include <memory>
#include <vector>

using namespace qc;

namespace {

QLineSeries *lineSeries(QChart *chart, int index)
{
    return qobject_cast<QLineSeries *>(chart->series().value(index));
}

QValueAxis *axis(QChart *chart, Qt::Orientation orientation)
{
    const auto axes = chart->axes(orientation);
    return axes.size() == 1 ? qobject_cast<QValueAxis *>(axes.first()) : nullptr;
}

// Ticks land on whole numbers: no "33.8" labels.
bool hasWholeTicks(const QValueAxis *axis)
{
    const double step = (axis->max() - axis->min()) / (axis->tickCount() - 1);
    return axis->min() == std::floor(axis->min()) && step == std::floor(step) && step > 0;
}

} // namespace

class TestCharts : public QObject
{
    Q_OBJECT

private slots:
    void fontsAreInstalled();
    void chartTitle_data();
    void chartTitle();
    void meanChartAxesAndPoints();
    void overlayHasOneSeriesPerSample();
    void renderChartKeepsViewScene();
    void exportWritesReadablePngs();
    void exportReportsUnwritableFolder();
    void exportRefusesSampleNamedOverlay();
};

void TestCharts::fontsAreInstalled()
{
    // Without fonts, Qt draws every glyph as a box and says nothing.
    QVERIFY(!QFontDatabase::families().isEmpty());
}

void TestCharts::chartTitle_data()
{
    QTest::addColumn<Reads>("reads");
    QTest::addColumn<QString>("title");

    QTest::newRow("whole means") << Reads{{20, 40, 30}} << QStringLiteral("t1_1 [20, 40]");
    // Position 1 averages 20.75, position 2 averages 39.75: both truncate down.
    QTest::newRow("truncated means") << Reads{{20, 39}, {20, 40}, {21, 40}, {22, 40}}
                                     << QStringLiteral("t1_1 [20, 39]");
    QTest::newRow("below one") << Reads{{0, 1}, {1, 1}} << QStringLiteral("t1_1 [0, 1]");
    QTest::newRow("no reads") << Reads{} << QStringLiteral("t1_1");
}

void TestCharts::chartTitle()
{
    QFETCH(Reads, reads);
    QFETCH(QString, title);
    QCOMPARE(qc::chartTitle(makeResult(QStringLiteral("t1_1"), 1, 1, reads)), title);
}

void TestCharts::meanChartAxesAndPoints()
{
    // Means by hand: position 1 (10+20+33)/3 = 21, position 2 (30+31)/2 = 30.5, position 3 45.
    const SampleResult result = makeResult(QStringLiteral("t2_3"), 2, 3, {{10, 30, 45}, {20, 31}, {33}});
    std::unique_ptr<QChart> chart(createMeanQualityChart(result));

    QCOMPARE(chart->title(), QStringLiteral("t2_3 [21, 45]"));
    QVERIFY(!chart->legend()->isVisible());
    QCOMPARE(chart->series().size(), 1);
    QLineSeries *series = lineSeries(chart.get(), 0);
    QVERIFY(series);
    const QList<QPointF> expected{{1, 21.0}, {2, 30.5}, {3, 45.0}};
    QCOMPARE(series->points(), expected);

    QValueAxis *x = axis(chart.get(), Qt::Horizontal);
    QValueAxis *y = axis(chart.get(), Qt::Vertical);
    QVERIFY(x && y);
    QCOMPARE(x->titleText(), QStringLiteral("Position"));
    QCOMPARE(y->titleText(), QStringLiteral("Quality"));
    QVERIFY(series->attachedAxes().contains(x) && series->attachedAxes().contains(y));
    QVERIFY(x->max() >= 3);
    QCOMPARE(y->min(), 0.0);
    QVERIFY(y->max() >= 60);
    QVERIFY(hasWholeTicks(x));
    QVERIFY(hasWholeTicks(y));

    // Long reads with high means still fit, with round ticks.
    std::unique_ptr<QChart> tall(
        createMeanQualityChart(makeResult(QStringLiteral("t1_1"), 1, 1, {QList<int>(937, 77)})));
    QValueAxis *tallX = axis(tall.get(), Qt::Horizontal);
    QValueAxis *tallY = axis(tall.get(), Qt::Vertical);
    QCOMPARE(tallX->max(), 1000.0);
    QCOMPARE(tallY->max(), 80.0);
    QVERIFY(hasWholeTicks(tallX));
    QVERIFY(hasWholeTicks(tallY));

    // A sample with no reads still gets a chart with its axes, and it renders.
    std::unique_ptr<QChart> empty(createMeanQualityChart(makeResult(QStringLiteral("t9_9"), 9, 9, {})));
    QCOMPARE(empty->title(), QStringLiteral("t9_9"));
    QVERIFY(lineSeries(empty.get(), 0)->points().isEmpty());
    QVERIFY(axis(empty.get(), Qt::Horizontal) && hasWholeTicks(axis(empty.get(), Qt::Horizontal)));
    QCOMPARE(renderChart(empty.get(), QSize(400, 300)).size(), QSize(400, 300));
}

void TestCharts::overlayHasOneSeriesPerSample()
{
    const QList<SampleResult> results{
        makeResult(QStringLiteral("t1_1"), 1, 1, {{30, 40}}),     makeResult(QStringLiteral("t1_2"), 1, 2, {{31, 41}}),
        makeResult(QStringLiteral("t2_1"), 2, 1, {{32, 42, 50}}), makeResult(QStringLiteral("t1_3"), 1, 3, {{30, 40}}),
        makeResult(QStringLiteral("control"), -1, -1, {{33}}),    makeResult(QStringLiteral("extra"), -1, -1, {{34}}),
    };
    std::unique_ptr<QChart> chart(createOverlayChart(results));

    QCOMPARE(chart->title(), QStringLiteral("Mean quality by position"));
    QVERIFY(chart->legend()->isVisible());
    QCOMPARE(chart->series().size(), results.size());
    QList<QPen> pens;
    for (int i = 0; i < results.size(); ++i) {
        QLineSeries *series = lineSeries(chart.get(), i);
        QVERIFY(series);
        QCOMPARE(series->name(), results[i].sample.name);
        pens.append(series->pen());
    }
    QCOMPARE(lineSeries(chart.get(), 2)->points(), (QList<QPointF>{{1, 32}, {2, 42}, {3, 50}}));

    // One colour per treatment, one line style per replicate.
    const auto dashes = [](const QPen &pen) {
        return pen.style() == Qt::SolidLine ? QList<qreal>{} : pen.dashPattern();
    };
    QCOMPARE(pens[0].color(), pens[1].color());
    QCOMPARE(pens[0].color(), pens[3].color());
    QVERIFY(pens[0].color() != pens[2].color());
    QCOMPARE(pens[0].style(), Qt::SolidLine);
    QCOMPARE(dashes(pens[2]), dashes(pens[0]));
    const QSet<QList<qreal>> styles{dashes(pens[0]), dashes(pens[1]), dashes(pens[3])};
    QCOMPARE(styles.size(), 3);
    // Samples without tX_Y names each get a colour of their own.
    const QSet<QRgb> colours{pens[0].color().rgb(), pens[2].color().rgb(), pens[4].color().rgb(),
                             pens[5].color().rgb()};
    QCOMPARE(colours.size(), 4);

    QValueAxis *x = axis(chart.get(), Qt::Horizontal);
    QVERIFY(x && x->max() >= 3);
    QCOMPARE(x->titleText(), QStringLiteral("Position"));
    QCOMPARE(axis(chart.get(), Qt::Vertical)->titleText(), QStringLiteral("Quality"));
}

void TestCharts::renderChartKeepsViewScene()
{
    auto *chart = createMeanQualityChart(makeResult(QStringLiteral("t1_1"), 1, 1, {{20, 40}}));
    QChartView view(chart); // the view owns the chart
    QGraphicsScene *scene = chart->scene();
    QVERIFY(scene);
    const QImage image = renderChart(chart, QSize(640, 400));
    QCOMPARE(image.size(), QSize(640, 400));
    QCOMPARE(chart->scene(), scene);
    QVERIFY(renderChart(nullptr, QSize(10, 10)).isNull());
}

void TestCharts::exportWritesReadablePngs()
{
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    RunResult run;
    run.samples = {realisticResult(QStringLiteral("t1_1"), 1, 1, 1), realisticResult(QStringLiteral("t1_2"), 1, 2, 2),
                   realisticResult(QStringLiteral("t2_1"), 2, 1, 3)};
    const QString dir = temp.filePath(QStringLiteral("charts/nested"));

    const std::optional<QString> error = exportRunCharts(run, dir);
    QVERIFY2(!error, qPrintable(error.value_or(QString())));

    const QStringList names{QStringLiteral("t1_1"), QStringLiteral("t1_2"), QStringLiteral("t2_1"),
                            QStringLiteral("overlay")};
    for (const QString &name : names) {
        const QString path = dir + u'/' + name + QStringLiteral(".png");
        const QImage image(path);
        QVERIFY2(!image.isNull(), qPrintable(path));
        QCOMPARE(image.size(), kDefaultChartSize);

        QSet<QRgb> colours;
        qint64 nonWhite = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QRgb pixel = image.pixel(x, y);
                colours.insert(pixel);
                nonWhite += qGray(pixel) < 250;
            }
        }
        QVERIFY2(colours.size() > 50, qPrintable(name)); // antialiased lines and text
        QVERIFY2(nonWhite > image.width() * image.height() / 200, qPrintable(name));

        // The title sits in the top strip: dark text pixels, and not a solid dark bar.
        qint64 dark = 0;
        const int titleRows = image.height() / 12;
        for (int y = 0; y < titleRows; ++y) {
            for (int x = 0; x < image.width(); ++x)
                dark += qGray(image.pixel(x, y)) < 100;
        }
        QVERIFY2(dark > 300, qPrintable(name));
        QVERIFY2(dark < image.width() * titleRows / 10, qPrintable(name));
    }

    // A smaller size is honoured too.
    const QString small = temp.filePath(QStringLiteral("small"));
    QVERIFY(!exportRunCharts(run, small, QSize(800, 500)));
    QCOMPARE(QImage(small + QStringLiteral("/overlay.png")).size(), QSize(800, 500));
}

void TestCharts::exportReportsUnwritableFolder()
{
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    // A folder cannot be made under a plain file, even for root.
    const QString file = temp.filePath(QStringLiteral("plain-file"));
    QFile plain(file);
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.close();
    RunResult run;
    run.samples = {makeResult(QStringLiteral("t1_1"), 1, 1, {{20, 40}})};

    const QString dir = file + QStringLiteral("/charts");
    const std::optional<QString> error = exportRunCharts(run, dir);
    QVERIFY(error);
    QVERIFY2(error->contains(QDir::toNativeSeparators(dir)), qPrintable(*error));
}

void TestCharts::exportRefusesSampleNamedOverlay()
{
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    RunResult run;
    run.samples = {makeResult(QStringLiteral("overlay"), -1, -1, {{20, 40}})};
    const std::optional<QString> error = exportRunCharts(run, temp.path());
    QVERIFY(error);
    QVERIFY(error->contains(QStringLiteral("overlay")));
    QVERIFY(!QFile::exists(temp.filePath(QStringLiteral("overlay.png"))));
}

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
