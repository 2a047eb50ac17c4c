// The QC tab: the read table model, numeric sorting, failed-read marks, the folder summary, the
// length and QV20+ histograms; and the Charts tab's clear-range switch.
#include "charts/qchistogramchart.h"
#include "charts/qualitybands.h"
#include "charts/qualitychart.h"
#include "models/readqctablemodel.h"
#include "panels/chartspanel.h"
#include "panels/qcpanel.h"
#include "sampleresults.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAreaSeries>
#include <QBarSet>
#include <QBrush>
#include <QCategoryAxis>
#include <QChart>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineSeries>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStackedBarSeries>
#include <QTableView>
#include <QValueAxis>
#include <QtTest>

#include <memory>

using namespace qc;

namespace {

ReadSummary read(const char *file, const char *name, const char *format, ReadQc qc)
{
    return {QString::fromUtf8(file), QString::fromUtf8(name), QString::fromUtf8(format), qc};
}

// Five reads whose numbers sort differently as text and as numbers (95 < 300 < 1020, but
// "1020" < "300" < "95"). By hand, at QV20+ 100: a2 (9) and d (99) fail; median length 610,
// median QV20+ 150, median CRL 120.
QList<ReadSummary> handMadeReads()
{
    return {
        read("/data/t1_1/a.qual", "a1", "qual", {850, 38.26, 800, 790, {20, 830}, 41.5}),
        read("/data/t1_1/a.qual", "a2", "qual", {95, 12.0, 9, 0, {0, 0}, 0}),
        read("/data/t1_1/b.ab1", "b", "abi", {1020, 35.0, 940, 905, {5, 990}, 39.0}),
        read("/data/t1_1/c.fastq", "c", "fastq", {300, 22.4, 150, 120, {30, 250}, 28.2}),
        read("/data/t1_1/d.scf", "d", "scf", {610, 30.0, 99, 80, {100, 400}, 33.3}),
    };
}

// t1_1 holds the five reads; t1_2 the first two (even count: medians of two middles).
RunResult handMadeQcRun()
{
    const QList<ReadSummary> reads = handMadeReads();
    RunResult run;
    SampleResult first;
    first.sample.name = QStringLiteral("t1_1");
    first.readSummaries = reads;
    SampleResult second;
    second.sample.name = QStringLiteral("t1_2");
    second.readSummaries = reads.mid(0, 2);
    run.samples = {first, second};
    return run;
}

QStringList namesInOrder(const QAbstractItemModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names.append(model.index(row, ReadQcTableModel::NameColumn).data().toString());
    return names;
}

QStackedBarSeries *barSeries(QChart *chart)
{
    const auto all = chart ? chart->series() : QList<QAbstractSeries *>();
    return all.size() == 1 ? qobject_cast<QStackedBarSeries *>(all.first()) : nullptr;
}

qreal sum(const QBarSet *set)
{
    qreal total = 0;
    for (int i = 0; i < set->count(); ++i)
        total += set->at(i);
    return total;
}

// A read of `qualities` whose clear range is [start, end), counted into both histograms.
void addRead(SampleResult &result, const QList<int> &qualities, int start, int end)
{
    const std::vector<std::uint8_t> values(qualities.cbegin(), qualities.cend());
    result.histogram.addRead(values);
    result.clearHistogram.addBasesAt(std::span(values).subspan(std::size_t(start), std::size_t(end - start)),
                                     std::size_t(start));
}

} // namespace

class TestQcPanel : public QObject
{
    Q_OBJECT

private slots:
    void modelShowsReads();
    void sortsNumerically_data();
    void sortsNumerically();
    void failedReadsFollowTheThreshold();
    void summaryInWords_data();
    void summaryInWords();
    void binsCountTheReads_data();
    void binsCountTheReads();
    void histogramChart();
    void panelShowsFolders();
    void panelHistogramsFollowTheThreshold();
    void clearRangeSwitch();
};

void TestQcPanel::modelShowsReads()
{
    ReadQcTableModel model;
    new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest, &model);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), 10);
    model.setReads(handMadeReads());
    QCOMPARE(model.rowCount(), 5);

    const QStringList headers{
        QStringLiteral("File"),       QStringLiteral("Name"),        QStringLiteral("Format"),
        QStringLiteral("Length"),     QStringLiteral("Mean"),        QStringLiteral("QV20+"),
        QStringLiteral("CRL"),        QStringLiteral("Clear range"), QStringLiteral("Trimmed length"),
        QStringLiteral("Trace score")};
    for (int column = 0; column < headers.size(); ++column) // two-word headers on two lines
        QCOMPARE(model.headerData(column, Qt::Horizontal).toString().replace(u'\n', u' '), headers[column]);

    const QStringList first{QStringLiteral("a.qual"), QStringLiteral("a1"),     QStringLiteral("qual"),
                            QStringLiteral("850"),    QStringLiteral("38.3"),   QStringLiteral("800"),
                            QStringLiteral("790"),    QStringLiteral("21–830"), QStringLiteral("810"),
                            QStringLiteral("41.5")};
    for (int column = 0; column < first.size(); ++column) {
        const QModelIndex index = model.index(0, column);
        QCOMPARE(index.data().toString(), first[column]);
        const auto alignment = Qt::Alignment(index.data(Qt::TextAlignmentRole).toInt());
        QCOMPARE(alignment & Qt::AlignHorizontal_Mask,
                 column >= ReadQcTableModel::LengthColumn ? Qt::AlignRight : Qt::AlignLeft);
    }
    QCOMPARE(model.index(0, ReadQcTableModel::FileColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("/data/t1_1/a.qual"));
    QCOMPARE(model.index(1, ReadQcTableModel::ClearRangeColumn).data().toString(), QStringLiteral("none"));
    QCOMPARE(model.index(1, ReadQcTableModel::TrimmedLengthColumn).data().toInt(), 0);

    model.setMinQv20(10); // only a2 fails now: the tester checks the dataChanged it sends
    model.setReads(handMadeReads().mid(2));
    QCOMPARE(model.rowCount(), 3);
    model.setReads({});
    QCOMPARE(model.rowCount(), 0);
}

void TestQcPanel::sortsNumerically_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QStringList>("ascending");
    const auto names = [](const char *list) { return QString::fromLatin1(list).split(u' '); };
    QTest::newRow("length") << int(ReadQcTableModel::LengthColumn) << names("a2 c d a1 b");
    QTest::newRow("mean") << int(ReadQcTableModel::MeanColumn) << names("a2 c d b a1");
    QTest::newRow("QV20+") << int(ReadQcTableModel::Qv20Column) << names("a2 d c a1 b");
    QTest::newRow("CRL") << int(ReadQcTableModel::CrlColumn) << names("a2 d c a1 b");
    QTest::newRow("clear range by start") << int(ReadQcTableModel::ClearRangeColumn) << names("a2 b a1 c d");
    QTest::newRow("trimmed length") << int(ReadQcTableModel::TrimmedLengthColumn) << names("a2 c d a1 b");
    QTest::newRow("trace score") << int(ReadQcTableModel::TraceScoreColumn) << names("a2 c d b a1");
}

void TestQcPanel::sortsNumerically()
{
    QFETCH(int, column);
    QFETCH(QStringList, ascending);
    QcPanel panel;
    panel.setRun(handMadeQcRun());
    QSortFilterProxyModel *proxy = panel.proxy();
    new QAbstractItemModelTester(proxy, QAbstractItemModelTester::FailureReportingMode::QtTest, proxy);
    QCOMPARE(namesInOrder(*proxy), QString::fromLatin1("a1 a2 b c d").split(u' ')); // file order first

    // Through the table's header, as a click would.
    auto *table = panel.findChild<QTableView *>(QStringLiteral("readTable"));
    QVERIFY(table && table->isSortingEnabled());
    table->sortByColumn(column, Qt::AscendingOrder);
    QCOMPARE(namesInOrder(*proxy), ascending);
    table->sortByColumn(column, Qt::DescendingOrder);
    QStringList descending = ascending;
    std::reverse(descending.begin(), descending.end());
    QCOMPARE(namesInOrder(*proxy), descending);
}

void TestQcPanel::failedReadsFollowTheThreshold()
{
    QcPanel panel;
    panel.setRun(handMadeQcRun());
    ReadQcTableModel *model = panel.model();
    auto *spin = panel.findChild<QSpinBox *>(QStringLiteral("minQv20Spin"));
    QVERIFY(spin);
    QCOMPARE(spin->value(), 100);
    QCOMPARE(panel.minQv20(), 100);

    const auto failedNames = [model] {
        QStringList names;
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, ReadQcTableModel::LengthColumn);
            const bool failed = index.data(ReadQcTableModel::FailedRole).toBool();
            // The mark and its reason go together, on every cell of the row.
            if (index.data(Qt::BackgroundRole).isValid() != failed
                || index.data(Qt::ToolTipRole).toString().startsWith(QStringLiteral("Failed")) != failed)
                return QStringList{QStringLiteral("inconsistent row %1").arg(row)};
            if (failed)
                names.append(index.siblingAtColumn(ReadQcTableModel::NameColumn).data().toString());
        }
        return names;
    };
    QCOMPARE(failedNames(), (QStringList{QStringLiteral("a2"), QStringLiteral("d")}));
    QCOMPARE(model->index(4, ReadQcTableModel::CrlColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("Failed: 99 of its 610 bases have quality 20 or more; a read needs at least 100."));
    QCOMPARE(model->index(4, ReadQcTableModel::FileColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral(
                 "/data/t1_1/d.scf\nFailed: 99 of its 610 bases have quality 20 or more; a read needs at least 100."));
    const QBrush background = model->index(1, 0).data(Qt::BackgroundRole).value<QBrush>();
    QVERIFY(background.color().red() > background.color().green()); // red-ish

    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    spin->setValue(151); // c (150) fails as well, at once
    QCOMPARE(changed.size(), 1);
    QCOMPARE(failedNames(), (QStringList{QStringLiteral("a2"), QStringLiteral("c"), QStringLiteral("d")}));
    QVERIFY(panel.summaryText().contains(QStringLiteral("3 failed (QV20+ below 151 bases)")));
    panel.setMinQv20(0);
    QCOMPARE(spin->value(), 0);
    QCOMPARE(failedNames(), QStringList());
    QVERIFY(panel.summaryText().contains(QStringLiteral("none failed")));

    // Another folder keeps the threshold.
    panel.setMinQv20(10);
    panel.showFolder(QStringLiteral("t1_2"));
    QCOMPARE(panel.currentFolder(), QStringLiteral("t1_2"));
    QCOMPARE(failedNames(), QStringList{QStringLiteral("a2")});
}

void TestQcPanel::summaryInWords_data()
{
    QTest::addColumn<QString>("folder");
    QTest::addColumn<int>("minQv20");
    QTest::addColumn<QString>("summary");
    QTest::newRow("odd count, default threshold")
        << QStringLiteral("t1_1") << 100
        << QStringLiteral("t1_1: 5 reads, 2 failed (QV20+ below 100 bases). Median length 610 bases, "
                          "median QV20+ 150 bases, median CRL 120 bases.");
    QTest::newRow("nothing fails") << QStringLiteral("t1_1") << 9
                                   << QStringLiteral(
                                          "t1_1: 5 reads, none failed (QV20+ below 9 bases). Median length 610 bases, "
                                          "median QV20+ 150 bases, median CRL 120 bases.");
    // (95 + 850) / 2, (9 + 800) / 2, (0 + 790) / 2.
    QTest::newRow("even count, half medians")
        << QStringLiteral("t1_2") << 100
        << QStringLiteral("t1_2: 2 reads, 1 failed (QV20+ below 100 bases). Median length 472.5 bases, "
                          "median QV20+ 404.5 bases, median CRL 395 bases.");
}

void TestQcPanel::summaryInWords()
{
    QFETCH(QString, folder);
    QFETCH(int, minQv20);
    QFETCH(QString, summary);
    QcPanel panel;
    panel.setMinQv20(minQv20);
    panel.setRun(handMadeQcRun());
    panel.showFolder(folder);
    QCOMPARE(panel.summaryText(), summary);
    auto *label = panel.findChild<QLabel *>(QStringLiteral("summaryLabel"));
    QVERIFY(label);
    QCOMPARE(label->text(), summary);

    FolderQc one;
    one.reads = 1;
    one.medianLength = 700;
    QVERIFY(QcPanel::describe(QStringLiteral("x"), one).startsWith(QStringLiteral("x: 1 read, none failed")));
    QCOMPARE(QcPanel::describe(QStringLiteral("x"), FolderQc{}), QStringLiteral("x: no reads."));
}

void TestQcPanel::binsCountTheReads_data()
{
    QTest::addColumn<QList<int>>("values");
    QTest::addColumn<QList<bool>>("failed");
    QTest::addColumn<int>("maxBins");
    QTest::addColumn<int>("start");
    QTest::addColumn<int>("width");
    QTest::addColumn<QList<int>>("passed");
    QTest::addColumn<QList<int>>("failedCounts");
    QTest::addColumn<QStringList>("labels");
    const QList<bool> none;
    QTest::newRow("one value per bin") << QList<int>{3, 5, 5, 7} << none << 16 << 3 << 1 << QList<int>{1, 0, 2, 0, 1}
                                       << QList<int>{0, 0, 0, 0, 0}
                                       << QStringList{QStringLiteral("3"), QStringLiteral("4"), QStringLiteral("5"),
                                                      QStringLiteral("6"), QStringLiteral("7")};
    // 926 values in 16 bins need 58 each: the next round width is 100, from 0.
    QTest::newRow("read lengths") << QList<int>{95, 300, 610, 850, 1020} << QList<bool>{true, false, false, false, true}
                                  << 16 << 0 << 100 << QList<int>{0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0}
                                  << QList<int>{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}
                                  << QStringList{QStringLiteral("0–99"),     QStringLiteral("100–199"),
                                                 QStringLiteral("200–299"),  QStringLiteral("300–399"),
                                                 QStringLiteral("400–499"),  QStringLiteral("500–599"),
                                                 QStringLiteral("600–699"),  QStringLiteral("700–799"),
                                                 QStringLiteral("800–899"),  QStringLiteral("900–999"),
                                                 QStringLiteral("1000–1099")};
    // Width 10 would fit 17 values in 2 bins, but 9 and 25 fall in three aligned bins of 10.
    QTest::newRow("alignment widens the bins")
        << QList<int>{9, 25} << none << 2 << 0 << 20 << QList<int>{1, 1} << QList<int>{0, 0}
        << QStringList{QStringLiteral("0–19"), QStringLiteral("20–39")};
    QTest::newRow("one value") << QList<int>{42} << QList<bool>{true} << 16 << 42 << 1 << QList<int>{0} << QList<int>{1}
                               << QStringList{QStringLiteral("42")};
    QTest::newRow("no reads") << QList<int>{} << none << 16 << 0 << 1 << QList<int>{} << QList<int>{} << QStringList{};
}

void TestQcPanel::binsCountTheReads()
{
    QFETCH(QList<int>, values);
    QFETCH(QList<bool>, failed);
    QFETCH(int, maxBins);
    QFETCH(int, start);
    QFETCH(int, width);
    QFETCH(QList<int>, passed);
    QFETCH(QList<int>, failedCounts);
    QFETCH(QStringList, labels);
    const ReadHistogram histogram = binReads(values, failed, maxBins);
    QCOMPARE(histogram.start, start);
    QCOMPARE(histogram.width, width);
    QCOMPARE(histogram.passed, passed);
    QCOMPARE(histogram.failed, failedCounts);
    QCOMPARE(histogram.reads(), int(values.size()));
    QVERIFY(histogram.binCount() <= maxBins);
    QStringList shown;
    for (int bin = 0; bin < histogram.binCount(); ++bin)
        shown.append(histogram.label(bin));
    QCOMPARE(shown, labels);
}

void TestQcPanel::histogramChart()
{
    const ReadHistogram histogram = binReads({95, 300, 610, 850, 1020}, {true, false, false, false, true});
    const std::unique_ptr<QChart> chart(createReadHistogramChart(histogram, QStringLiteral("Read length in t1_1"),
                                                                 QStringLiteral("Read length (bases)"),
                                                                 QStringLiteral("Failed")));
    QCOMPARE(chart->title(), QStringLiteral("Read length in t1_1"));
    QStackedBarSeries *series = barSeries(chart.get());
    QVERIFY(series);
    QCOMPARE(series->count(), 2);
    QCOMPARE(series->barSets()[0]->label(), passedReadsName());
    QCOMPARE(series->barSets()[1]->label(), QStringLiteral("Failed"));
    QCOMPARE(sum(series->barSets()[0]), 3.0);
    QCOMPARE(sum(series->barSets()[1]), 2.0);
    QCOMPARE(series->barSets()[1]->at(10), 1.0); // 1020 in 1000–1099

    const auto xAxes = chart->axes(Qt::Horizontal);
    const auto yAxes = chart->axes(Qt::Vertical);
    QCOMPARE(xAxes.size(), 1);
    QCOMPARE(yAxes.size(), 1);
    auto *x = qobject_cast<QCategoryAxis *>(xAxes.first());
    auto *y = qobject_cast<QValueAxis *>(yAxes.first());
    QVERIFY(x && y);
    QCOMPARE(x->titleText(), QStringLiteral("Read length (bases)"));
    // Eleven bars at 0..10; their edges labelled every other one, from bar 0's left edge.
    QCOMPARE(x->min(), -0.5);
    QCOMPARE(x->max(), 10.5);
    QCOMPARE(x->categoriesLabels(),
             (QStringList{QStringLiteral("0"), QStringLiteral("200"), QStringLiteral("400"), QStringLiteral("600"),
                          QStringLiteral("800"), QStringLiteral("1000")}));
    QCOMPARE(x->endValue(QStringLiteral("1000")), 9.5); // bar 10 (1000–1099) starts there
    QCOMPARE(y->titleText(), QStringLiteral("Reads"));
    QCOMPARE(y->min(), 0.0);
    QVERIFY(y->max() >= 1);
    // Whole-number ticks: the step between labels is an integer.
    const double step = (y->max() - y->min()) / (y->tickCount() - 1);
    QCOMPARE(step, std::round(step));

    // Bins of one value are labelled under their bars. Without failed reads, the legend has
    // nothing red to explain.
    const std::unique_ptr<QChart> passing(
        createReadHistogramChart(binReads({1, 2}, {}), QString(), QString(), QStringLiteral("Failed")));
    QCOMPARE(barSeries(passing.get())->count(), 1);
    auto *ones = qobject_cast<QCategoryAxis *>(passing->axes(Qt::Horizontal).first());
    QVERIFY(ones);
    QCOMPARE(ones->categoriesLabels(), (QStringList{QStringLiteral("1"), QStringLiteral("2")}));
    QCOMPARE(ones->labelsPosition(), QCategoryAxis::AxisLabelsPositionCenter);
}

void TestQcPanel::panelShowsFolders()
{
    QcPanel panel;
    panel.resize(1200, 900);
    auto *empty = panel.findChild<QLabel *>(QStringLiteral("emptyLabel"));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(empty && empty->isVisible());
    QVERIFY(!panel.lengthChart());
    QVERIFY(panel.currentFolder().isEmpty());

    panel.setRun(handMadeQcRun());
    QVERIFY(!empty->isVisible());
    QCOMPARE(panel.folders(), (QStringList{QStringLiteral("t1_1"), QStringLiteral("t1_2")}));
    QCOMPARE(panel.currentFolder(), QStringLiteral("t1_1"));
    QCOMPARE(panel.proxy()->rowCount(), 5);

    auto *combo = panel.findChild<QComboBox *>(QStringLiteral("folderCombo"));
    QVERIFY(combo);
    combo->setCurrentIndex(1);
    QCOMPARE(panel.currentFolder(), QStringLiteral("t1_2"));
    QCOMPARE(panel.proxy()->rowCount(), 2);
    panel.setRun(handMadeQcRun()); // a new run keeps the folder in view
    QCOMPARE(panel.currentFolder(), QStringLiteral("t1_2"));
    QVERIFY(looksDrawn(panel.grab().toImage()));

    const auto widgets = panel.findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        if (qobject_cast<QAbstractItemView *>(widget->parent()))
            continue; // the view's own parts, such as its corner button
        if (qobject_cast<QAbstractButton *>(widget) || qobject_cast<QComboBox *>(widget)
            || qobject_cast<QSpinBox *>(widget) || qobject_cast<QTableView *>(widget))
            QVERIFY2(!widget->accessibleName().isEmpty(), widget->metaObject()->className());
    }

    panel.setRun(RunResult{});
    QVERIFY(empty->isVisible());
    QVERIFY(!panel.lengthChart());
    QCOMPARE(empty->text(), QStringLiteral("The analysis found no folders with quality files."));
}

void TestQcPanel::panelHistogramsFollowTheThreshold()
{
    QcPanel panel;
    panel.setRun(handMadeQcRun());
    QStackedBarSeries *lengths = barSeries(panel.lengthChart());
    QStackedBarSeries *qv20 = barSeries(panel.qv20Chart());
    QVERIFY(lengths && qv20);
    QCOMPARE(panel.lengthChart()->title(), QStringLiteral("Read length in t1_1"));
    QCOMPARE(panel.qv20Chart()->title(), QStringLiteral("QV20+ in t1_1"));
    QCOMPARE(panel.lengthChart()->axes(Qt::Horizontal).first()->titleText(), QStringLiteral("Read length (bases)"));
    QCOMPARE(panel.qv20Chart()->axes(Qt::Horizontal).first()->titleText(), QStringLiteral("QV20+ (bases)"));
    QCOMPARE(panel.qv20Chart()->axes(Qt::Vertical).first()->titleText(), QStringLiteral("Reads"));
    QCOMPARE(lengths->barSets()[1]->label(), QStringLiteral("Failed (QV20+ below 100)"));
    QCOMPARE(sum(lengths->barSets()[0]) + sum(lengths->barSets()[1]), 5.0);
    QCOMPARE(sum(qv20->barSets()[1]), 2.0);
    // QV20+ 9, 99, 150, 800, 940 span 932: bins of 100, the failed two in the first.
    QCOMPARE(qv20->barSets()[1]->at(0), 2.0);

    panel.setMinQv20(800);
    qv20 = barSeries(panel.qv20Chart());
    QCOMPARE(sum(qv20->barSets()[1]), 3.0);
    QCOMPARE(qv20->barSets()[1]->label(), QStringLiteral("Failed (QV20+ below 800)"));
    panel.setMinQv20(0);
    QCOMPARE(barSeries(panel.qv20Chart())->count(), 1);
}

void TestQcPanel::clearRangeSwitch()
{
    // Whole reads: position 1 averages 10 and 20, 2: 30 and 20, 3: 40 and 36, 4: 12 and 8.
    // Clear ranges keep 30, 40 of the first (positions 2-3) and 36 of the second (position 3).
    SampleResult result;
    result.sample.name = QStringLiteral("t1_1");
    addRead(result, {10, 30, 40, 12}, 1, 3);
    addRead(result, {20, 20, 36, 8}, 2, 3);
    RunResult run;
    run.samples = {result};

    ChartsPanel panel;
    panel.resize(1200, 800);
    auto *check = panel.findChild<QCheckBox *>(QStringLiteral("clearRangeCheck"));
    QVERIFY(check);
    QVERIFY(!check->isChecked());
    QCOMPARE(check->text(), QStringLiteral("Clear range &only"));
    QVERIFY(!check->accessibleName().isEmpty());
    panel.setRun(run);
    const auto means = [&panel] {
        const auto all = panel.currentChart()->series();
        for (QAbstractSeries *series : all)
            if (auto *line = qobject_cast<QLineSeries *>(series); line && !isChartDecoration(line))
                return line->points();
        return QList<QPointF>();
    };
    QCOMPARE(panel.currentChart()->title(), QStringLiteral("t1_1 [10, 38]"));
    QCOMPARE(means(), (QList<QPointF>{{1, 15}, {2, 25}, {3, 38}, {4, 10}}));

    check->setChecked(true);
    QVERIFY(panel.clearRangeOnly());
    QCOMPARE(panel.currentChart()->title(), QStringLiteral("t1_1 clear range [30, 38]"));
    QCOMPARE(panel.currentChart()->title(), chartTitle(result, BaseScope::ClearRange));
    QCOMPARE(means(), (QList<QPointF>{{2, 30}, {3, 38}})); // position 1 has no clear bases
    // The band describes the same bases: at position 3, 36 and 40.
    const auto all = panel.currentChart()->series();
    for (QAbstractSeries *series : all) {
        if (auto *area = qobject_cast<QAreaSeries *>(series); area && area->name() == interquartileBandName()) {
            QCOMPARE(area->upperSeries()->points().size(), 2);
            QCOMPARE(area->upperSeries()->points().first().x(), 2.0);
        }
    }

    panel.showOverlay();
    QCOMPARE(panel.currentChart()->title(), QStringLiteral("Mean quality by position, clear range only"));
    QCOMPARE(means(), (QList<QPointF>{{2, 30}, {3, 38}}));
    panel.setClearRangeOnly(false);
    QCOMPARE(panel.currentChart()->title(), QStringLiteral("Mean quality by position"));
    QCOMPARE(means(), (QList<QPointF>{{1, 15}, {2, 25}, {3, 38}, {4, 10}}));
}

QTEST_MAIN(TestQcPanel)
#include "tst_qcpanel.moc"
