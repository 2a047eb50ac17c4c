// The engines table under QAbstractItemModelTester: real engines of a local cluster, and a cluster
// made by hand whose engines are batch jobs that wait, run elsewhere and connect.
#include "cluster/localcluster.h"
#include "cluster/processstats.h"
#include "models/enginetablemodel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QHostInfo>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

#include "processes.h"

#include <memory>

using namespace qc;
using namespace Qt::StringLiterals;

namespace {

QVariant cell(const QAbstractItemModel &model, int row, int column, int role = Qt::DisplayRole)
{
    return model.data(model.index(row, column), role);
}

QString text(const QAbstractItemModel &model, int row, int column)
{
    return cell(model, row, column).toString();
}

void attachTester(QAbstractItemModel *model)
{
    new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::QtTest, model);
}

bool matches(const QString &value, const char *pattern)
{
    return QRegularExpression(QString::fromLatin1(pattern)).match(value).hasMatch();
}

int rowsInState(const EngineTableModel &model, const QString &state)
{
    int rows = 0;
    for (int row = 0; row < model.rowCount(); ++row)
        rows += text(model, row, EngineTableModel::StateColumn) == state;
    return rows;
}

bool allMemoryShown(const EngineTableModel &model)
{
    for (int row = 0; row < model.rowCount(); ++row)
        if (cell(model, row, EngineTableModel::MemoryColumn, EngineTableModel::SortRole).toLongLong() <= 0)
            return false;
    return model.rowCount() > 0;
}

// A cluster whose engines the test sets, as a controller's snapshots would.
class FakeCluster : public Cluster
{
public:
    bool isRunning() const override { return !m_engines.isEmpty(); }
    QList<EngineInfo> engines() const override { return m_engines; }
    bool start(int) override { return true; }
    void setEngineCount(int) override {}
    void stop() override {}
    QString errorString() const override { return {}; }
    void submit(quint64, Dispatch, const QList<AnalysisTask> &) override {}
    void cancel(quint64, int) override {}

    void set(const EngineInfo &info)
    {
        for (EngineInfo &engine : m_engines) {
            if (engine.id == info.id) {
                engine = info;
                emit engineChanged(info.id);
                return;
            }
        }
        m_engines.append(info);
        emit engineAdded(info.id);
    }

private:
    QList<EngineInfo> m_engines;
};

EngineInfo slurmEngine(int id, const QString &job)
{
    EngineInfo info;
    info.id = id;
    info.launcher = u"slurm"_s;
    info.jobId = job;
    info.startedMs = QDateTime::currentMSecsSinceEpoch();
    return info;
}

} // namespace

class TestEngineModel : public QObject
{
    Q_OBJECT

private slots:
    void processStats_data()
    {
        QTest::addColumn<qint64>("pid");
        QTest::addColumn<bool>("valid");
        QTest::newRow("this process") << QCoreApplication::applicationPid() << true;
        QTest::newRow("pid 0") << qint64(0) << false;
        QTest::newRow("negative pid") << qint64(-5) << false;
        QTest::newRow("beyond any pid_max") << qint64(0x7fffffff) << false;
    }

    void processStats()
    {
        QFETCH(qint64, pid);
        QFETCH(bool, valid);
        const ProcessStats stats = readProcessStats(pid);
        QCOMPARE(stats.valid, valid);
        if (valid) {
            QVERIFY(stats.cpuSeconds >= 0);
            QVERIFY(stats.rssBytes > 1024 * 1024); // a Qt test process maps more than a megabyte
        }
    }

    void engineHeaders_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("header");
        QTest::addColumn<bool>("rightAligned"); // numbers are, so that their digits line up
        const auto add = [](const char *header, EngineTableModel::Column column, bool right) {
            QTest::newRow(header) << int(column) << QString::fromLatin1(header) << right;
        };
        add("Engine", EngineTableModel::EngineColumn, true);
        add("Job", EngineTableModel::JobColumn, false);
        add("PID", EngineTableModel::PidColumn, true);
        add("Host", EngineTableModel::HostColumn, false);
        add("State", EngineTableModel::StateColumn, false);
        add("Task", EngineTableModel::TaskColumn, false);
        add("Done", EngineTableModel::TasksDoneColumn, true);
        add("CPU (s)", EngineTableModel::CpuColumn, true);
        add("Mem (MB)", EngineTableModel::MemoryColumn, true);
        add("Uptime", EngineTableModel::UptimeColumn, true);
    }

    void engineHeaders()
    {
        QFETCH(int, column);
        QFETCH(QString, header);
        QFETCH(bool, rightAligned);
        EngineTableModel model(nullptr);
        attachTester(&model);
        QCOMPARE(model.columnCount(), int(EngineTableModel::ColumnCount));
        QCOMPARE(model.headerData(column, Qt::Horizontal).toString(), header);
        const auto alignment = Qt::Alignment(model.headerData(column, Qt::Horizontal, Qt::TextAlignmentRole).toInt());
        QCOMPARE(bool(alignment & Qt::AlignRight), rightAligned);
        // Short headers, so every column fits; their tooltips say what the numbers are.
        const bool plain = column == EngineTableModel::EngineColumn || column == EngineTableModel::StateColumn;
        QCOMPARE(model.headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty(), plain);
    }

    void engineTableFollowsARealCluster()
    {
        auto cluster = std::make_unique<LocalCluster>(nullptr, QStringLiteral(ENGINE_PATH));
        EngineTableModel model(cluster.get());
        attachTester(&model);
        auto *timer = model.findChild<QTimer *>();
        QVERIFY(timer);
        QVERIFY(!timer->isActive()); // no rows, nothing to refresh

        QSignalSpy ready(cluster.get(), &LocalCluster::ready);
        QVERIFY(cluster->start(3));
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(timer->isActive());
        QVERIFY(ready.wait(20000));

        const QList<EngineInfo> engines = cluster->engines();
        QSet<qint64> pids;
        for (int row = 0; row < 3; ++row) {
            QCOMPARE(cell(model, row, EngineTableModel::EngineColumn).toInt(), engines.at(row).id); // order added
            const qint64 pid = cell(model, row, EngineTableModel::PidColumn).toLongLong();
            QVERIFY(processAlive(pid));
            QVERIFY(pid != QCoreApplication::applicationPid());
            pids.insert(pid);
            QCOMPARE(text(model, row, EngineTableModel::StateColumn), u"idle"_s);
            QVERIFY(!cell(model, row, EngineTableModel::StateColumn, Qt::ToolTipRole).toString().isEmpty());
            QVERIFY(!text(model, row, EngineTableModel::HostColumn).isEmpty());
            QCOMPARE(text(model, row, EngineTableModel::TaskColumn), QString());
            QCOMPARE(text(model, row, EngineTableModel::TasksDoneColumn), u"0"_s);
            QVERIFY(matches(text(model, row, EngineTableModel::UptimeColumn), "^\\d+ s$"));
        }
        QCOMPARE(pids.size(), 3);

        // The timer's refresh fills CPU and memory from /proc.
        QTRY_VERIFY_WITH_TIMEOUT(allMemoryShown(model), 5000);
        for (int row = 0; row < 3; ++row) {
            QVERIFY(matches(text(model, row, EngineTableModel::MemoryColumn), "^\\d+\\.\\d$"));
            QVERIFY(text(model, row, EngineTableModel::MemoryColumn).toDouble() > 0);
            QVERIFY(matches(text(model, row, EngineTableModel::CpuColumn), "^\\d+\\.\\d\\d$"));
        }

        // A model made while the cluster runs starts with its engines.
        EngineTableModel late(cluster.get());
        attachTester(&late);
        QCOMPARE(late.rowCount(), 3);

        // A smaller engine count removes engines on purpose: their rows go once they have exited,
        // and so do their processes.
        cluster->setEngineCount(1);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, 10000);
        QCOMPARE(late.rowCount(), 1);
        QCOMPARE(rowsInState(model, u"idle"_s), 1);
        const qint64 kept = cell(model, 0, EngineTableModel::PidColumn).toLongLong();
        for (qint64 pid : std::as_const(pids))
            QCOMPARE(processAlive(pid), pid == kept);
        QVERIFY(timer->isActive()); // one engine still runs

        cluster->stop();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(late.rowCount(), 0);
        QVERIFY(!timer->isActive());

        // A restarted cluster shows only its new engines; deleting it stops them and empties the
        // model, which must not touch the gone cluster afterwards.
        QVERIFY(cluster->start(2));
        QCOMPARE(model.rowCount(), 2);
        cluster.reset();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!timer->isActive());
        // A check that nothing happens, so a fixed wait: whatever is still queued for the model is
        // delivered now and must not reach the deleted cluster.
        QTest::qWait(50);
    }

    // What the scheduler says of a job shows as the engine's state until the engine connects.
    void stateOfAWaitingJob_data()
    {
        QTest::addColumn<QString>("schedulerState");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("toolTip");
        QTest::newRow("being submitted") << u"SUBMITTING"_s << QString() << u"submitting"_s
                                         << u"The engine's job is being submitted to the scheduler."_s;
        QTest::newRow("waiting for resources")
            << u"PENDING"_s << u"Resources"_s << u"pending (Resources)"_s
            << u"Job 12_1 waits in the scheduler's queue (Resources); the engine connects once it runs."_s;
        QTest::newRow("held")
            << u"PENDING"_s << u"JobHeldUser"_s << u"pending (JobHeldUser)"_s
            << u"Job 12_1 waits in the scheduler's queue (JobHeldUser); the engine connects once it runs."_s;
        QTest::newRow("started, not connected") << u"RUNNING"_s << QString() << u"running"_s
                                                << u"Job 12_1 runs on node7; the engine has not connected yet."_s;
    }

    void stateOfAWaitingJob()
    {
        QFETCH(QString, schedulerState);
        QFETCH(QString, reason);
        QFETCH(QString, state);
        QFETCH(QString, toolTip);
        FakeCluster cluster;
        EngineTableModel model(&cluster);
        attachTester(&model);
        EngineInfo info = slurmEngine(1, u"12_1"_s);
        info.schedulerState = schedulerState;
        info.reason = reason;
        info.host = schedulerState == u"RUNNING" ? u"node7"_s : QString(); // squeue names the node once it runs
        cluster.set(info);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(text(model, 0, EngineTableModel::JobColumn), u"12_1"_s);
        QCOMPARE(text(model, 0, EngineTableModel::StateColumn), state);
        QCOMPARE(text(model, 0, EngineTableModel::StateColumn), info.stateText());
        QCOMPARE(cell(model, 0, EngineTableModel::StateColumn, Qt::ToolTipRole).toString(), toolTip);
        QCOMPARE(text(model, 0, EngineTableModel::HostColumn), info.host);
        QVERIFY(cell(model, 0, EngineTableModel::PidColumn).isNull()); // no process of its own yet
        QCOMPARE(text(model, 0, EngineTableModel::CpuColumn), QString());
        QCOMPARE(text(model, 0, EngineTableModel::MemoryColumn), QString());
        QCOMPARE(cell(model, 0, EngineTableModel::JobColumn, Qt::ToolTipRole).toString(),
                 u"Slurm job 12_1; the cluster cancels it when it stops."_s);
        QVERIFY(matches(text(model, 0, EngineTableModel::UptimeColumn), "^\\d+ s$"));
    }

    // A job goes from the queue to a node, its engine connects; CPU and memory are read from this
    // machine's /proc only for an engine on this machine, whatever its PID.
    void slurmEngineFromQueueToIdle()
    {
        FakeCluster cluster;
        EngineTableModel model(&cluster);
        attachTester(&model);
        EngineInfo local;
        local.id = 1;
        local.pid = QCoreApplication::applicationPid();
        local.state = EngineState::Idle;
        cluster.set(local);
        EngineInfo job = slurmEngine(2, u"40_1"_s);
        job.schedulerState = u"PENDING"_s;
        job.reason = u"Resources"_s;
        cluster.set(job);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(text(model, 0, EngineTableModel::JobColumn), QString()); // a local engine has no job
        QCOMPARE(cell(model, 0, EngineTableModel::EngineColumn, Qt::ToolTipRole).toString(),
                 u"A process on this machine."_s);
        QCOMPARE(text(model, 1, EngineTableModel::StateColumn), u"pending (Resources)"_s);

        job.schedulerState = u"RUNNING"_s;
        job.reason.clear();
        job.host = u"node7"_s;
        cluster.set(job);
        QCOMPARE(text(model, 1, EngineTableModel::StateColumn), u"running"_s);
        QCOMPARE(text(model, 1, EngineTableModel::HostColumn), u"node7"_s);

        // Connected from another machine, with a PID that exists here too (this process's).
        job.state = EngineState::Idle;
        job.pid = QCoreApplication::applicationPid();
        cluster.set(job);
        QCOMPARE(text(model, 1, EngineTableModel::StateColumn), u"idle"_s);
        QCOMPARE(text(model, 1, EngineTableModel::JobColumn), u"40_1"_s);
        QCOMPARE(cell(model, 1, EngineTableModel::PidColumn).toLongLong(), job.pid);
        QTRY_VERIFY_WITH_TIMEOUT(!text(model, 0, EngineTableModel::MemoryColumn).isEmpty(), 5000); // the local one
        QCOMPARE(text(model, 1, EngineTableModel::CpuColumn), QString());
        QCOMPARE(text(model, 1, EngineTableModel::MemoryColumn), QString());
        QCOMPARE(cell(model, 1, EngineTableModel::MemoryColumn, EngineTableModel::SortRole).toLongLong(), 0);
        QVERIFY(cell(model, 1, EngineTableModel::MemoryColumn, Qt::ToolTipRole).toString().contains(u"node7"_s));

        // The node is this machine: /proc describes the engine.
        job.host = QHostInfo::localHostName();
        cluster.set(job);
        QTRY_VERIFY_WITH_TIMEOUT(!text(model, 1, EngineTableModel::MemoryColumn).isEmpty(), 5000);
        QVERIFY(matches(text(model, 1, EngineTableModel::CpuColumn), "^\\d+\\.\\d\\d$"));
        QVERIFY(cell(model, 1, EngineTableModel::MemoryColumn, Qt::ToolTipRole).isNull());

        // Cancelled with its cluster: the row says how it ended.
        job.state = EngineState::Exited;
        job.schedulerState = u"CANCELLED"_s;
        job.reason = u"the job was cancelled"_s;
        cluster.set(job);
        QCOMPARE(text(model, 1, EngineTableModel::StateColumn), u"ended: the job was cancelled"_s);
        QCOMPARE(cell(model, 1, EngineTableModel::StateColumn, Qt::ToolTipRole).toString(),
                 u"The engine ended: the job was cancelled."_s);
        QCOMPARE(text(model, 1, EngineTableModel::MemoryColumn), QString());
    }
};

QTEST_MAIN(TestEngineModel)
#include "tst_enginemodel.moc"
