// Who does what when several runs share one cluster: fair turns, requeue, poison, direct, cancel.
#include "cluster/taskscheduler.h"

#include <QtTest>

using namespace qc;

namespace {

QList<AnalysisTask> tasks(const QString &sample, int count)
{
    QList<AnalysisTask> list;
    for (int i = 1; i <= count; ++i)
        list.append({quint64(i), sample, {QStringLiteral("%1/read%2.qual").arg(sample).arg(i)}});
    return list;
}

TaskResult resultFor(const AnalysisTask &task)
{
    TaskResult result;
    result.taskId = task.id;
    result.sample = task.sample;
    result.files = int(task.files.size());
    return result;
}

} // namespace

class TestScheduler : public QObject
{
    Q_OBJECT

private:
    QList<QPair<quint64, TaskResult>> m_delivered;
    TaskScheduler scheduler()
    {
        m_delivered.clear();
        return TaskScheduler([this](quint64 run, const TaskResult &result) { m_delivered.append({run, result}); });
    }

private slots:
    void runsTakeTurnsOnIdleEngines()
    {
        TaskScheduler s = scheduler();
        s.submit(1, Dispatch::Balanced, tasks(QStringLiteral("a"), 4), {1, 2}, {});
        s.submit(2, Dispatch::Balanced, tasks(QStringLiteral("b"), 4), {1, 2}, {});
        QStringList order;
        for (int i = 0; i < 8; ++i) {
            const auto task = s.next(1 + i % 2);
            QVERIFY(task);
            order.append(task->sample);
            s.finished(resultFor(*task));
        }
        // The second run does not wait for the first: the engines alternate between them.
        QCOMPARE(order.join(QString()), QStringLiteral("abababab"));
        QCOMPARE(m_delivered.size(), 8);
        QVERIFY(!s.hasRuns());
        QVERIFY(!s.next(1));
    }

    void resultsComeBackUnderTheRunsOwnIds()
    {
        TaskScheduler s = scheduler();
        // Two clients may number their tasks alike; the cluster keeps them apart.
        s.submit(7, Dispatch::Balanced, tasks(QStringLiteral("a"), 1), {1}, {});
        s.submit(8, Dispatch::Balanced, tasks(QStringLiteral("b"), 1), {1}, {});
        const auto first = s.next(1);
        const auto second = s.next(1);
        QVERIFY(first && second);
        QVERIFY(first->id != second->id);
        s.finished(resultFor(*second));
        s.finished(resultFor(*first));
        QCOMPARE(m_delivered.size(), 2);
        QCOMPARE(m_delivered[0].first, 8u);
        QCOMPARE(m_delivered[0].second.taskId, 1u);
        QCOMPARE(m_delivered[0].second.sample, QStringLiteral("b"));
        QCOMPARE(m_delivered[1].first, 7u);
    }

    void aLostTaskGoesFirstThenIsGivenUpAfterTwoTries()
    {
        TaskScheduler s = scheduler();
        s.submit(1, Dispatch::Balanced, tasks(QStringLiteral("a"), 3), {1, 2}, {});
        const auto held = s.next(1);
        s.engineLost(1, {held->id}, {2, 3}, QStringLiteral("none left"));
        const auto again = s.next(2);
        QCOMPARE(again->files, held->files); // back at the front of the line
        s.engineLost(2, {again->id}, {3}, QStringLiteral("none left"));
        QCOMPARE(m_delivered.size(), 1);
        QCOMPARE(m_delivered[0].second.errors.size(), 1);
        QVERIFY(m_delivered[0].second.errors[0].message.contains(QStringLiteral("2 tries")));
        QVERIFY(m_delivered[0].second.errors[0].message.contains(QStringLiteral("read1.qual")));
    }

    void withNoEngineLeftEveryTaskFailsWithTheReason()
    {
        TaskScheduler s = scheduler();
        s.submit(1, Dispatch::Balanced, tasks(QStringLiteral("a"), 3), {1}, {});
        const auto held = s.next(1);
        s.engineLost(1, {held->id}, {}, QStringLiteral("no engine was left"));
        QCOMPARE(m_delivered.size(), 3);
        for (const auto &[run, result] : std::as_const(m_delivered))
            QCOMPARE(result.errors.value(0).message, QStringLiteral("no engine was left"));
        QVERIFY(!s.hasRuns());

        s.submit(2, Dispatch::Balanced, tasks(QStringLiteral("b"), 2), {}, QStringLiteral("not running"));
        QCOMPARE(m_delivered.size(), 5);
        QCOMPARE(m_delivered.last().first, 2u);
    }

    void directRunsKeepEachEnginesTasksAndMoveADeadOnesToTheLiving()
    {
        TaskScheduler s = scheduler();
        s.submit(1, Dispatch::Direct, tasks(QStringLiteral("a"), 4), {1, 2}, {});
        QCOMPARE(s.next(1)->files, QStringList{QStringLiteral("a/read1.qual")});
        QCOMPARE(s.next(2)->files, QStringList{QStringLiteral("a/read2.qual")});
        const auto lost = s.next(1); // read3
        s.engineLost(1, {lost->id}, {2}, {});
        QCOMPARE(s.next(1), std::nullopt);
        QCOMPARE(s.next(2)->files, QStringList{QStringLiteral("a/read3.qual")});
    }

    void cancelDropsQueuedWorkAndLateResults()
    {
        TaskScheduler s = scheduler();
        s.submit(1, Dispatch::Balanced, tasks(QStringLiteral("a"), 3), {1}, {});
        const auto held = s.next(1);
        QCOMPARE(s.cancel(1), QList<quint64>{held->id});
        QVERIFY(!s.next(1));
        s.finished(resultFor(*held));
        QVERIFY(m_delivered.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
