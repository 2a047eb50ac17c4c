// The History tab on a history filled by hand: the model under QAbstractItemModelTester, sorting
// and the filter, Open, Compare and Delete.
#include "history/historydb.h"
#include "models/historytablemodel.h"
#include "panels/historypanel.h"
#include "panels/runcomparisonview.h"

#include <QAbstractItemModelTester>
#include <QChart>
#include <QChartView>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "sampleresults.h"

namespace {

QPushButton *button(QWidget *root, const QString &accessibleName)
{
    for (auto *candidate : root->findChildren<QPushButton *>())
        if (candidate->accessibleName() == accessibleName)
            return candidate;
    return nullptr;
}

qc::RunResult runAt(const QString &folder, double wall, int shift)
{
    qc::RunResult run;
    run.timing.mode = QStringLiteral("balanced");
    run.timing.engines = 2;
    run.timing.wallSeconds = wall;
    run.timing.serialSeconds = 2 * wall * 0.8;
    for (const QString &name : {QStringLiteral("t1_1"), QStringLiteral("t2_1")}) {
        qc::SampleResult sample = makeResult(name, name.mid(1, 1).toInt(), 1, {{30 + shift, 31, 32}, {20, 21 + shift}});
        sample.sample.path = folder + u'/' + name;
        run.samples.append(sample);
    }
    return run;
}

} // namespace

class TestHistoryPanel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_path;
    QList<qint64> m_ids; // oldest first

private slots:
    void initTestCase()
    {
        m_path = m_dir.filePath(QStringLiteral("history.sqlite"));
        qc::HistoryDb history(m_path);
        QVERIFY(history.open());
        const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-1);
        // Wall seconds 9.5, 10.25 and 2: "10.250" sorts after "9.500" only by number.
        const QList<double> walls{9.5, 10.25, 2};
        for (int i = 0; i < 3; ++i) {
            qc::RunContext context;
            context.source = QStringLiteral("gui");
            context.profile = i == 2 ? QStringLiteral("bignode") : QStringLiteral("default");
            context.startedAt = start.addSecs(i * 600);
            context.finishedAt = context.startedAt.addSecs(20);
            const QString folder = i == 2 ? QStringLiteral("/elsewhere") : QStringLiteral("/data/plate1");
            const auto id = history.record(runAt(folder, walls[i], i == 1 ? 4 : 0), context);
            QVERIFY2(id, qPrintable(history.errorString()));
            m_ids.append(*id);
        }
    }

    void modelPassesTheTesterAndSortsByValue()
    {
        qc::HistoryPanel panel(m_path);
        qc::HistoryTableModel *model = panel.model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(panel.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY2(model->rowCount() == 3, qPrintable(panel.statusText()));
        QCOMPARE(model->columnCount(), int(qc::HistoryTableModel::ColumnCount));
        QSortFilterProxyModel *proxy = panel.proxy();
        QCOMPARE(proxy->index(0, 0).data(qc::HistoryTableModel::IdRole).toLongLong(), m_ids[2]); // newest first
        proxy->sort(qc::HistoryTableModel::WallColumn, Qt::AscendingOrder);
        QCOMPARE(proxy->index(0, qc::HistoryTableModel::WallColumn).data().toString(), QStringLiteral("2.000"));
        QCOMPARE(proxy->index(2, qc::HistoryTableModel::WallColumn).data().toString(), QStringLiteral("10.250"));
        QCOMPARE(model->index(0, qc::HistoryTableModel::FoldersColumn).data().toString(), QStringLiteral("t1_1, t2_1"));
        QCOMPARE(model->index(0, qc::HistoryTableModel::StatusColumn).data().toString(), QStringLiteral("ok"));

        auto *filter = panel.findChild<QLineEdit *>();
        QCOMPARE(filter->accessibleName(), QStringLiteral("Filter runs by folder or profile"));
        QTest::keyClicks(filter, QStringLiteral("plate1"));
        QCOMPARE(proxy->rowCount(), 2);
        filter->clear();
        QTest::keyClicks(filter, QStringLiteral("BIGNODE"));
        QCOMPARE(proxy->rowCount(), 1);
    }

    void everyControlHasAnAccessibleName()
    {
        qc::HistoryPanel panel(m_path);
        int controls = 0;
        for (QWidget *widget : panel.findChildren<QWidget *>()) {
            if (qobject_cast<QPushButton *>(widget) || qobject_cast<QLineEdit *>(widget)
                || qobject_cast<QTableView *>(widget) || qobject_cast<QChartView *>(widget)) {
                QVERIFY2(!widget->accessibleName().isEmpty(), widget->metaObject()->className());
                ++controls;
            }
        }
        QCOMPARE(controls, 7); // filter, three buttons, runs table, comparison chart and timing table
    }

    void openEmitsTheStoredRun()
    {
        qc::HistoryPanel panel(m_path);
        QSignalSpy opened(&panel, &qc::HistoryPanel::runOpened);
        QPushButton *open = button(&panel, QStringLiteral("Open the selected run"));
        QVERIFY(!open->isEnabled()); // nothing selected
        panel.selectRuns({m_ids[1]});
        QVERIFY(open->isEnabled());
        QTest::mouseClick(open, Qt::LeftButton);
        QCOMPARE(opened.size(), 1);
        const auto run = opened.first().first().value<qc::RunResult>();
        QCOMPARE(run.samples.size(), 2);
        QCOMPARE(run.samples[0].histogram, runAt(QStringLiteral("/data/plate1"), 10.25, 4).samples[0].histogram);
        // /data/plate1 does not exist here: the panel says its results are as recorded.
        QVERIFY2(panel.statusText().contains(QStringLiteral("no longer exist")), qPrintable(panel.statusText()));
    }

    void compareDrawsALinePerCommonFolderAndTheTiming()
    {
        qc::HistoryPanel panel(m_path);
        panel.show();
        QPushButton *compare = button(&panel, QStringLiteral("Compare the two selected runs"));
        panel.selectRuns({m_ids[0]});
        QVERIFY(!compare->isEnabled());
        panel.selectRuns({m_ids[1], m_ids[0]});
        QVERIFY(compare->isEnabled());
        QTest::mouseClick(compare, Qt::LeftButton);
        qc::RunComparisonView *view = panel.comparisonView();
        QVERIFY(view->isVisible());
        const auto lines = view->chart()->series();
        QCOMPARE(lines.size(), 2);
        const auto *t1 = qobject_cast<QLineSeries *>(lines[0]);
        QCOMPARE(t1->name(), QStringLiteral("t1_1"));
        // Run 2 less run 1: position 1's mean went from (30+20)/2 to (34+20)/2, position 2's from 26 to 28.
        QCOMPARE(t1->at(0), QPointF(1, 2));
        QCOMPARE(t1->at(1), QPointF(2, 2));
        QCOMPARE(t1->at(2), QPointF(3, 0));
        QCOMPARE(view->timingTable()->item(0, 0)->text(), QStringLiteral("9.500"));
        QCOMPARE(view->timingTable()->item(0, 1)->text(), QStringLiteral("10.250"));
        QVERIFY(view->summary().contains(QStringLiteral("the same 2 folders")));

        panel.selectRuns({m_ids[0], m_ids[2]});
        QTest::mouseClick(compare, Qt::LeftButton);
        QCOMPARE(view->chart()->series().size(), 0);
        QVERIFY2(view->summary().contains(QStringLiteral("no folder in common")), qPrintable(view->summary()));
    }

    void deleteRemovesFromTheHistory()
    {
        qc::HistoryPanel panel(m_path);
        panel.selectRuns({m_ids[2]});
        QTest::mouseClick(button(&panel, QStringLiteral("Delete the selected runs from the history")), Qt::LeftButton);
        QCOMPARE(panel.model()->rowCount(), 2);
        QCOMPARE(panel.model()->rowOf(m_ids[2]), -1);
        qc::HistoryPanel again(m_path);
        QCOMPARE(again.model()->rowCount(), 2);
    }

    void lockedOrNewerHistorySaysSoInThePanel()
    {
        const QString path = m_dir.filePath(QStringLiteral("newer.sqlite"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QVERIFY(QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 7")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("newer"));
        qc::HistoryPanel panel(path);
        QCOMPARE(panel.model()->rowCount(), 0);
        QVERIFY2(panel.statusText().contains(QStringLiteral("newer QualCluster")), qPrintable(panel.statusText()));
    }
};

QTEST_MAIN(TestHistoryPanel)
#include "tst_historypanel.moc"
