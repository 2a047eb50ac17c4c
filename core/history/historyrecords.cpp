// Reading and writing runs: the other half of HistoryDb (historydb.cpp opens the file and says
// what went wrong).
#include "historydb.h"

#include "runresultcodec.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace qc {

namespace {

QString joinLines(const QStringList &lines)
{
    return lines.join(u'\n');
}

QStringList splitLines(const QString &text)
{
    return text.isEmpty() ? QStringList() : text.split(u'\n');
}

// Qt binds a null QString as NULL: an empty text column is "", never NULL.
QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

QVariant optionalValue(const std::optional<double> &value)
{
    return value ? QVariant(*value) : QVariant();
}

std::optional<double> optionalDouble(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<double>(value.toDouble());
}

QString likePattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\\', QStringLiteral("\\\\"))
        .replace(u'%', QStringLiteral("\\%"))
        .replace(u'_', QStringLiteral("\\_"));
    return u'%' + escaped + u'%';
}

QStringList hostsOf(const RunResult &run)
{
    QStringList hosts;
    for (const TaskTiming &task : run.tasks)
        if (!task.host.isEmpty() && !hosts.contains(task.host))
            hosts.append(task.host);
    std::sort(hosts.begin(), hosts.end());
    return hosts;
}

} // namespace

std::optional<qint64> HistoryDb::record(const RunResult &run, const RunContext &context)
{
    const QString notRecorded = QStringLiteral("this run was not recorded");
    if (!m_open) {
        m_error = QStringLiteral("The run history %1 is not open; %2.").arg(m_path, notRecorded);
        return std::nullopt;
    }
    const QDateTime finished = context.finishedAt.isValid() ? context.finishedAt : QDateTime::currentDateTimeUtc();
    const double seconds = run.timing.startupSeconds + run.timing.wallSeconds + run.timing.serialSeconds.value_or(0);
    const QDateTime started =
        context.startedAt.isValid() ? context.startedAt : finished.addMSecs(-qint64(seconds * 1000));
    const QByteArray blob = encodeRunResult(run);
    qint64 id = 0;
    const QSqlError error = transaction([&](QSqlQuery &query) {
        query.prepare(QStringLiteral(
            "INSERT INTO runs (started_at, finished_at, source, profile, launcher, hosts, mode, engines, wall_seconds,"
            " serial_seconds, ideal_seconds, startup_seconds, speedup, efficiency, exit_status, errors, outputs)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        for (const QVariant &value :
             {QVariant(started.toMSecsSinceEpoch()), QVariant(finished.toMSecsSinceEpoch()), text(context.source),
              text(context.profile), text(context.launcher), text(joinLines(hostsOf(run))), text(run.timing.mode),
              QVariant(run.timing.engines), QVariant(run.timing.wallSeconds), optionalValue(run.timing.serialSeconds),
              optionalValue(run.timing.idealSeconds()), QVariant(run.timing.startupSeconds),
              optionalValue(run.timing.speedup()), optionalValue(run.timing.efficiency()), QVariant(context.exitStatus),
              text(joinLines(context.errors)), text(joinLines(context.outputs))})
            query.addBindValue(value);
        if (!query.exec())
            return query.lastError();
        id = query.lastInsertId().toLongLong();
        query.prepare(QStringLiteral("INSERT INTO run_folders (run_id, position, path, name, files, reads)"
                                     " VALUES (?, ?, ?, ?, ?, ?)"));
        for (int i = 0; i < run.samples.size(); ++i) {
            const SampleResult &sample = run.samples[i];
            for (const QVariant &value : {QVariant(id), QVariant(i), text(sample.sample.path), text(sample.sample.name),
                                          QVariant(sample.files), QVariant(sample.reads)})
                query.addBindValue(value);
            if (!query.exec())
                return query.lastError();
        }
        query.prepare(QStringLiteral("INSERT INTO run_results (run_id, format, data) VALUES (?, ?, ?)"));
        query.addBindValue(id);
        query.addBindValue(kRunResultFormat);
        query.addBindValue(blob);
        if (!query.exec())
            return query.lastError();
        query.prepare(
            QStringLiteral("INSERT INTO run_tasks (run_id, task_id, sample, engine, pid, host, start_us, end_us)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
        for (const TaskTiming &task : run.tasks) {
            for (const QVariant &value :
                 {QVariant(id), QVariant(qint64(task.taskId)), text(task.sample), QVariant(task.engineId),
                  QVariant(task.pid), text(task.host), QVariant(task.startUs), QVariant(task.endUs)})
                query.addBindValue(value);
            if (!query.exec())
                return query.lastError();
        }
        return QSqlError();
    });
    if (error.type() != QSqlError::NoError) {
        fail(notRecorded, error);
        return std::nullopt;
    }
    return id;
}

std::optional<QList<RunRecord>> HistoryDb::records(const QString &where, const QVariantList &values, int limit)
{
    const QString notListed = QStringLiteral("the runs cannot be listed");
    if (!m_open) {
        m_error = QStringLiteral("The run history %1 is not open; %2.").arg(m_path, notListed);
        return std::nullopt;
    }
    const QString selected = QStringLiteral(" FROM runs%1 ORDER BY started_at DESC, id DESC%2")
                                 .arg(where, limit > 0 ? QStringLiteral(" LIMIT %1").arg(limit) : QString());
    QSqlQuery query(database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT id, started_at, finished_at, source, profile, launcher, hosts, mode, engines,"
                                 " wall_seconds, serial_seconds, ideal_seconds, startup_seconds, speedup, efficiency,"
                                 " exit_status, errors, outputs")
                  + selected);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        fail(notListed, query.lastError());
        return std::nullopt;
    }
    QList<RunRecord> runs;
    QHash<qint64, qsizetype> rowOf;
    while (query.next()) {
        RunRecord run;
        run.id = query.value(0).toLongLong();
        run.startedAt = QDateTime::fromMSecsSinceEpoch(query.value(1).toLongLong());
        run.finishedAt = QDateTime::fromMSecsSinceEpoch(query.value(2).toLongLong());
        run.source = query.value(3).toString();
        run.profile = query.value(4).toString();
        run.launcher = query.value(5).toString();
        run.hosts = splitLines(query.value(6).toString());
        run.mode = query.value(7).toString();
        run.engines = query.value(8).toInt();
        run.wallSeconds = query.value(9).toDouble();
        run.serialSeconds = optionalDouble(query.value(10));
        run.idealSeconds = optionalDouble(query.value(11));
        run.startupSeconds = query.value(12).toDouble();
        run.speedup = optionalDouble(query.value(13));
        run.efficiency = optionalDouble(query.value(14));
        run.exitStatus = query.value(15).toInt();
        run.errors = splitLines(query.value(16).toString());
        run.outputs = splitLines(query.value(17).toString());
        rowOf.insert(run.id, runs.size());
        runs.append(std::move(run));
    }
    // The folders of the same runs, in one more query rather than one per run.
    QSqlQuery folders(database());
    folders.setForwardOnly(true);
    folders.prepare(QStringLiteral("SELECT run_id, path, name, files, reads FROM run_folders"
                                   " WHERE run_id IN (SELECT id%1) ORDER BY run_id, position")
                        .arg(selected));
    for (const QVariant &value : values)
        folders.addBindValue(value);
    if (!folders.exec()) {
        fail(notListed, folders.lastError());
        return std::nullopt;
    }
    while (folders.next()) {
        const auto row = rowOf.constFind(folders.value(0).toLongLong());
        if (row != rowOf.cend())
            runs[*row].folders.append({folders.value(1).toString(), folders.value(2).toString(),
                                       folders.value(3).toInt(), folders.value(4).toLongLong()});
    }
    return runs;
}

std::optional<QList<RunRecord>> HistoryDb::list(const HistoryFilter &filter)
{
    QStringList conditions;
    QVariantList values;
    if (!filter.profile.isEmpty()) {
        conditions.append(QStringLiteral("profile = ?"));
        values.append(filter.profile);
    }
    if (!filter.folder.isEmpty()) {
        conditions.append(QStringLiteral("id IN (SELECT run_id FROM run_folders WHERE path LIKE ? ESCAPE '\\'"
                                         " OR name LIKE ? ESCAPE '\\')"));
        values << likePattern(filter.folder) << likePattern(filter.folder);
    }
    const QString where =
        conditions.isEmpty() ? QString() : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    return records(where, values, filter.limit);
}

std::optional<RunRecord> HistoryDb::summary(qint64 id)
{
    const auto found = records(QStringLiteral(" WHERE id = ?"), {id}, 0);
    if (!found)
        return std::nullopt;
    if (found->isEmpty()) {
        m_error = QStringLiteral("There is no run %1 in the run history %2.").arg(id).arg(m_path);
        return std::nullopt;
    }
    return found->first();
}

std::optional<RunResult> HistoryDb::load(qint64 id)
{
    if (!m_open) {
        m_error = QStringLiteral("The run history %1 is not open; run %2 cannot be opened.").arg(m_path).arg(id);
        return std::nullopt;
    }
    QSqlQuery query(database());
    query.prepare(QStringLiteral("SELECT format, data FROM run_results WHERE run_id = ?"));
    query.addBindValue(id);
    if (!query.exec()) {
        fail(QStringLiteral("run %1 cannot be opened").arg(id), query.lastError());
        return std::nullopt;
    }
    if (!query.next()) {
        m_error = QStringLiteral("There is no run %1 in the run history %2.").arg(id).arg(m_path);
        return std::nullopt;
    }
    auto run =
        query.value(0).toInt() == kRunResultFormat ? decodeRunResult(query.value(1).toByteArray()) : std::nullopt;
    if (!run)
        m_error = QStringLiteral("The results of run %1 in the run history %2 cannot be read (damaged, or written by "
                                 "another version of QualCluster).")
                      .arg(id)
                      .arg(m_path);
    return run;
}

bool HistoryDb::remove(qint64 id)
{
    if (!summary(id))
        return false;
    const QSqlError error = transaction([id](QSqlQuery &query) {
        query.prepare(QStringLiteral("DELETE FROM runs WHERE id = ?"));
        query.addBindValue(id);
        return query.exec() ? QSqlError() : query.lastError();
    });
    return error.type() == QSqlError::NoError || fail(QStringLiteral("run %1 was not deleted").arg(id), error);
}

std::optional<int> HistoryDb::prune(const QDateTime &olderThan)
{
    if (!m_open) {
        m_error = QStringLiteral("The run history %1 is not open; nothing was pruned.").arg(m_path);
        return std::nullopt;
    }
    int removed = 0;
    const QSqlError error = transaction([&](QSqlQuery &query) {
        query.prepare(QStringLiteral("DELETE FROM runs WHERE started_at < ?"));
        query.addBindValue(olderThan.toMSecsSinceEpoch());
        if (!query.exec())
            return query.lastError();
        removed = query.numRowsAffected();
        return QSqlError();
    });
    if (error.type() != QSqlError::NoError) {
        fail(QStringLiteral("nothing was pruned"), error);
        return std::nullopt;
    }
    return removed;
}

} // namespace qc
