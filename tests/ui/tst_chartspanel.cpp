// The charts panel: folder list, per-folder charts with band and zones, overlay, zoom, hover
// statistics.
#include "charts/chartexport.h"
#include "charts/interactivechartview.h"
#include "charts/qualitybands.h"
#include "charts/qualitychart.h"
#include "panels/chartspanel.h"
#include "panels/exportdialog.h"
#include "sampleresults.h"

#include <QAreaSeries>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QSet>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>

#include <algorithm>
#include <memory>
#include <vector>

using namespace qc;

namespace {

using Points = QList<QPointF>;

QValueAxis *axis(QChart *chart, Qt::Orientation orientation)
{
    const auto axes = chart->axes(orientation);
    return axes.size() == 1 ? qobject_cast<QValueAxis *>(axes.first()) : nullptr;
}

template<typename T> QList<T *> seriesNamed(QChart *chart, const QString &name)
{
    QList<T *> found;
    const auto all = chart->series();
    for (QAbstractSeries *series : all) {
        if (auto *typed = qobject_cast<T *>(series); typed && series->name() == name)
            found.append(typed);
    }
    return found;
}

QLineSeries *meanSeries(QChart *chart, const QString &name)
{
    const auto found = seriesNamed<QLineSeries>(chart, name);
    return found.size() == 1 && !isChartDecoration(found.first()) ? found.first() : nullptr;
}

QPoint viewportPoint(InteractiveChartView *view, QLineSeries *series, QPointF value)
{
    QChart *chart = view->chart();
    return view->mapFromScene(chart->mapToScene(chart->mapToPosition(value, series)));
}

} // namespace

class TestChartsPanel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void emptyStateShowsLabel();
    void setRunListsFolders();
    void folderChartShowsMeans_data();
    void folderChartShowsMeans();
    void interquartileBand();
    void qualityZones();
    void overlayOfCheckedFolders();
    void zoomPanAndReset();
    void hoverShowsStatistics();
    void panelDrawsRealisticData();

private:
    std::unique_ptr<ChartsPanel> m_panel;
    template<typename T> T *child(const char *name) const { return m_panel->findChild<T *>(QString::fromLatin1(name)); }
};

void TestChartsPanel::init()
{
    m_panel = std::make_unique<ChartsPanel>();
    m_panel->resize(1400, 900);
}

void TestChartsPanel::cleanup()
{
    m_panel.reset();
}

void TestChartsPanel::emptyStateShowsLabel()
{
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    auto *label = child<QLabel>("emptyLabel");
    QVERIFY(label && label->isVisible());
    QCOMPARE(label->text(), QStringLiteral("Run an analysis to see quality charts."));
    QVERIFY(!m_panel->currentChart());
    QCOMPARE(m_panel->folderCount(), 0);
    QVERIFY(m_panel->currentName().isEmpty());
    // The label's text is drawn: dark pixels across the middle of the panel.
    const QImage shot = m_panel->grab().toImage();
    qint64 textPixels = 0;
    for (int x = 0; x < shot.width(); ++x) {
        for (int y = shot.height() / 2 - 20; y < shot.height() / 2 + 20; ++y)
            textPixels += qGray(shot.pixel(x, y)) < 160;
    }
    QVERIFY(textPixels > 100);

    m_panel->setRun(handMadeRun());
    QVERIFY(!label->isVisible());
    QVERIFY(m_panel->currentChart());
    m_panel->clear();
    QVERIFY(label->isVisible());
    QVERIFY(!m_panel->currentChart());
    QCOMPARE(m_panel->folderCount(), 0);

    m_panel->setRun(RunResult{}); // a run that found nothing says so
    QVERIFY(label->isVisible());
    QVERIFY(label->text() != QStringLiteral("Run an analysis to see quality charts."));
}

void TestChartsPanel::setRunListsFolders()
{
    m_panel->setRun(handMadeRun());
    QCOMPARE(m_panel->folderCount(), 3);
    auto *list = child<QListWidget>("folderList");
    QVERIFY(list);
    QCOMPARE(list->count(), 4);
    QCOMPARE(list->item(0)->text(), QStringLiteral("Overlay of checked folders"));
    const QStringList names{QStringLiteral("t1_1"), QStringLiteral("t1_2"), QStringLiteral("t2_1")};
    for (int i = 0; i < names.size(); ++i) {
        QCOMPARE(list->item(i + 1)->text(), names[i]);
        QVERIFY(list->item(i + 1)->flags() & Qt::ItemIsUserCheckable);
        QCOMPARE(list->item(i + 1)->checkState(), Qt::Checked);
    }
    QCOMPARE(m_panel->currentName(), QStringLiteral("t1_1")); // the first folder to start

    // A new run keeps the folder in view.
    m_panel->showFolder(QStringLiteral("t2_1"));
    m_panel->setRun(handMadeRun());
    QCOMPARE(m_panel->currentName(), QStringLiteral("t2_1"));

    // Every control has an accessible name.
    const auto widgets = m_panel->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        if (qobject_cast<QAbstractButton *>(widget) || qobject_cast<QListWidget *>(widget)
            || qobject_cast<InteractiveChartView *>(widget))
            QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
    }
}

void TestChartsPanel::folderChartShowsMeans_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("title");
    QTest::addColumn<Points>("means");
    QTest::newRow("five reads") << QStringLiteral("t1_1") << QStringLiteral("t1_1 [25, 44]")
                                << Points{{1, 30}, {2, 25}, {3, 44}};
    QTest::newRow("two reads") << QStringLiteral("t1_2") << QStringLiteral("t1_2 [31, 32]") << Points{{1, 31}, {2, 32}};
    QTest::newRow("one read") << QStringLiteral("t2_1") << QStringLiteral("t2_1 [40, 42]")
                              << Points{{1, 40}, {2, 41}, {3, 42}};
}

void TestChartsPanel::folderChartShowsMeans()
{
    QFETCH(QString, name);
    QFETCH(QString, title);
    QFETCH(Points, means);
    const RunResult run = handMadeRun();
    m_panel->setRun(run);
    m_panel->showFolder(name);
    QCOMPARE(m_panel->currentName(), name);
    QChart *chart = m_panel->currentChart();
    QVERIFY(chart);
    const auto result = std::find_if(run.samples.cbegin(), run.samples.cend(),
                                     [&](const SampleResult &r) { return r.sample.name == name; });
    QCOMPARE(chart->title(), chartTitle(*result));
    QCOMPARE(chart->title(), title);
    QLineSeries *mean = meanSeries(chart, name);
    QVERIFY(mean);
    QCOMPARE(mean->points(), means);
    QCOMPARE(chart->series().last(), mean); // drawn last: on top of the band and zones

    // A chart replaced is deleted, whether by another folder, a toggle or clearing.
    QPointer<QChart> replaced = chart;
    m_panel->showFolder(name == u"t1_1" ? QStringLiteral("t2_1") : QStringLiteral("t1_1"));
    QVERIFY(replaced.isNull());
    replaced = m_panel->currentChart();
    child<QCheckBox>("bandCheck")->toggle();
    QVERIFY(replaced.isNull());
    replaced = m_panel->currentChart();
    m_panel->clear();
    QVERIFY(replaced.isNull());
}

void TestChartsPanel::interquartileBand()
{
    m_panel->setRun(handMadeRun());
    auto *band = child<QCheckBox>("bandCheck");
    auto *zones = child<QCheckBox>("zonesCheck");
    QVERIFY(band && zones);
    zones->setChecked(false);
    band->setChecked(false);
    QChart *chart = m_panel->currentChart();
    QCOMPARE(chart->series().size(), 1);
    QVERIFY(seriesNamed<QAreaSeries>(chart, interquartileBandName()).isEmpty());

    band->setFocus();
    QTest::keyClick(band, Qt::Key_Space); // keyboard works as well as the mouse
    QVERIFY(band->isChecked());
    chart = m_panel->currentChart();
    const auto areas = seriesNamed<QAreaSeries>(chart, interquartileBandName());
    QCOMPARE(areas.size(), 1);
    QCOMPARE(interquartileBandName(), QStringLiteral("Q1–Q3"));
    QCOMPARE(areas.first()->upperSeries()->points(), (Points{{1, 40}, {2, 32.5}, {3, 44}}));
    QCOMPARE(areas.first()->lowerSeries()->points(), (Points{{1, 20}, {2, 17.5}, {3, 44}}));

    const auto whiskers = seriesNamed<QLineSeries>(chart, percentileWhiskersName());
    QCOMPARE(percentileWhiskersName(), QStringLiteral("10th–90th percentile"));
    QCOMPARE(whiskers.size(), 2);
    QCOMPARE(whiskers[0]->points(), (Points{{1, 14}, {2, 13}, {3, 44}}));
    QCOMPARE(whiskers[1]->points(), (Points{{1, 46}, {2, 37}, {3, 44}}));

    QValueAxis *x = axis(chart, Qt::Horizontal);
    QValueAxis *y = axis(chart, Qt::Vertical);
    QVERIFY(x && y); // no extra axes: the band uses the chart's own
    for (QAbstractSeries *series :
         {static_cast<QAbstractSeries *>(areas.first()), static_cast<QAbstractSeries *>(whiskers[0])}) {
        QVERIFY(series->attachedAxes().contains(x));
        QVERIFY(series->attachedAxes().contains(y));
    }
    QCOMPARE(chart->series().last(), meanSeries(chart, QStringLiteral("t1_1")));
    QVERIFY(chart->legend()->isVisible());
}

void TestChartsPanel::qualityZones()
{
    m_panel->setRun(handMadeRun());
    auto *band = child<QCheckBox>("bandCheck");
    auto *zones = child<QCheckBox>("zonesCheck");
    band->setChecked(true);
    zones->setChecked(false);
    QChart *chart = m_panel->currentChart();
    for (int zone = 0; zone < 3; ++zone)
        QVERIFY(seriesNamed<QAreaSeries>(chart, qualityZoneName(zone)).isEmpty());

    zones->setChecked(true);
    chart = m_panel->currentChart();
    QValueAxis *x = axis(chart, Qt::Horizontal);
    QValueAxis *y = axis(chart, Qt::Vertical);
    QVERIFY(x && y);
    const QList<double> edges{y->min(), 20, 28, y->max()};
    for (int zone = 0; zone < 3; ++zone) {
        const auto found = seriesNamed<QAreaSeries>(chart, qualityZoneName(zone));
        QCOMPARE(found.size(), 1);
        QAreaSeries *area = found.first();
        QCOMPARE(chart->series().indexOf(area), zone); // behind everything else
        QCOMPARE(area->upperSeries()->points(), (Points{{x->min(), edges[zone + 1]}, {x->max(), edges[zone + 1]}}));
        QCOMPARE(area->lowerSeries()->points(), (Points{{x->min(), edges[zone]}, {x->max(), edges[zone]}}));
        QVERIFY(area->attachedAxes().contains(x) && area->attachedAxes().contains(y));
    }
    // Zones under the band, the band under the mean: adding zones last did not reorder that.
    const auto series = chart->series();
    QVERIFY(series.indexOf(seriesNamed<QAreaSeries>(chart, interquartileBandName()).first()) > 2);
    QCOMPARE(series.last(), meanSeries(chart, QStringLiteral("t1_1")));
    QCOMPARE(chart->series().size(), 3 + 3 + 1);
}

void TestChartsPanel::overlayOfCheckedFolders()
{
    m_panel->setRun(handMadeRun());
    auto *list = child<QListWidget>("folderList");
    list->item(2)->setCheckState(Qt::Unchecked); // t1_2
    m_panel->showOverlay();
    QCOMPARE(m_panel->currentName(), QStringLiteral("overlay"));
    QChart *chart = m_panel->currentChart();
    QCOMPARE(chart->series().size(), 2);
    QCOMPARE(chart->series()[0]->name(), QStringLiteral("t1_1"));
    QCOMPARE(chart->series()[1]->name(), QStringLiteral("t2_1"));
    QVERIFY(chart->legend()->isVisible());
    QVERIFY(!child<QCheckBox>("bandCheck")->isEnabled()); // they apply to one folder's chart

    list->item(2)->setCheckState(Qt::Checked); // the overlay follows the checks at once
    QCOMPARE(m_panel->currentChart()->series().size(), 3);
    list->setCurrentRow(3);
    QCOMPARE(m_panel->currentName(), QStringLiteral("t2_1"));
    QVERIFY(child<QCheckBox>("bandCheck")->isEnabled());
}

void TestChartsPanel::zoomPanAndReset()
{
    RunResult run;
    run.samples = {realisticResult(QStringLiteral("t1_1"), 1, 1, 7, 12)};
    m_panel->setRun(run);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    auto *view = child<InteractiveChartView>("chartView");
    QVERIFY(view);
    QValueAxis *x = axis(view->chart(), Qt::Horizontal);
    QValueAxis *y = axis(view->chart(), Qt::Vertical);
    const double min = x->min(), max = x->max(), yMax = y->max();

    // The wheel zooms in around the mouse.
    const QPoint centre = view->viewport()->rect().center();
    QWheelEvent wheel(centre, view->viewport()->mapToGlobal(centre), QPoint(), QPoint(0, 360), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view->viewport(), &wheel);
    QVERIFY(view->isZoomed());
    const double span = x->max() - x->min();
    QVERIFY(span < (max - min) * 0.6);
    QVERIFY(x->min() > min && x->max() < max);
    QCOMPARE(y->max(), yMax); // only positions zoom

    // Dragging left shows higher positions, keeping the span.
    const double before = x->min();
    const QPoint to = centre - QPoint(200, 0);
    const auto send = [view](QEvent::Type type, QPoint at, Qt::MouseButton button, Qt::MouseButtons held) {
        QMouseEvent event(type, at, view->viewport()->mapToGlobal(at), button, held, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &event);
    };
    send(QEvent::MouseButtonPress, centre, Qt::LeftButton, Qt::LeftButton);
    send(QEvent::MouseMove, to, Qt::NoButton, Qt::LeftButton);
    send(QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
    QVERIFY(x->min() > before);
    QVERIFY(qAbs((x->max() - x->min()) - span) < 1e-6);

    // Panning never leaves the data's range.
    view->panX(1e6);
    QCOMPARE(x->max(), max);

    // The zoom survives redrawing the same folder with other decorations.
    const double zoomedMin = x->min();
    child<QCheckBox>("zonesCheck")->toggle();
    x = axis(view->chart(), Qt::Horizontal);
    QCOMPARE(x->min(), zoomedMin);

    child<QPushButton>("resetZoomButton")->click();
    QCOMPARE(x->min(), min);
    QCOMPARE(x->max(), max);
    QVERIFY(!view->isZoomed());

    view->zoomX(0.25, centre);
    QVERIFY(view->isZoomed());
    view->resetZoom();
    QCOMPARE(x->min(), min);
    QCOMPARE(x->max(), max);

    view->setFocus();
    QTest::keyClick(view, Qt::Key_Plus);
    QVERIFY(view->isZoomed());
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, centre);
    QVERIFY(!view->isZoomed());
    QCOMPARE(x->min(), min);
    QCOMPARE(x->max(), max);
}

void TestChartsPanel::hoverShowsStatistics()
{
    m_panel->setRun(handMadeRun());
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    auto *view = child<InteractiveChartView>("chartView");
    QChart *chart = m_panel->currentChart();
    const QPoint atTwo = viewportPoint(view, meanSeries(chart, QStringLiteral("t1_1")), {2, 25});
    QCOMPARE(view->hoverText(atTwo), QStringLiteral("Position: 2\nMean: 25.0\nMedian: 25\nCount: 4"));
    QVERIFY(view->hoverText(QPoint(2, 2)).isEmpty()); // outside the plot

    // In the overlay, the folder nearest the mouse is named.
    m_panel->showOverlay();
    chart = m_panel->currentChart();
    const QPoint nearT2 = viewportPoint(view, meanSeries(chart, QStringLiteral("t2_1")), {1, 39});
    QCOMPARE(view->hoverText(nearT2), QStringLiteral("t2_1\nPosition: 1\nMean: 40.0\nMedian: 40\nCount: 1"));
    const QPoint nearT1 = viewportPoint(view, meanSeries(chart, QStringLiteral("t1_1")), {1, 29});
    QVERIFY(view->hoverText(nearT1).startsWith(QStringLiteral("t1_1\n")));
}

void TestChartsPanel::panelDrawsRealisticData()
{
    // The real look is checked by eye with tests/screenshots.sh; here, that something is drawn.
    RunResult run;
    run.samples = {realisticResult(QStringLiteral("t1_1"), 1, 1, 1, 12),
                   realisticResult(QStringLiteral("t1_2"), 1, 2, 2, 12),
                   realisticResult(QStringLiteral("t2_1"), 2, 1, 3, 12)};
    m_panel->setRun(run);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    const QImage panel = m_panel->grab().toImage();
    QCOMPARE(panel.size(), QSize(1400, 900));
    QVERIFY(looksDrawn(panel));
    QVERIFY(looksDrawn(renderChart(m_panel->currentChart(), kDefaultChartSize)));
    m_panel->showOverlay();
    QVERIFY(looksDrawn(m_panel->grab().toImage()));
}

QTEST_MAIN(TestChartsPanel)
#include "tst_chartspanel.moc"
