// The run history: every finished analysis, with its timing and its whole result, in a SQLite
// database under the user's data folder. A run never fails because its history could not be
// written: every function here gives a sentence to show instead.
#pragma once

#include "analysis/runresult.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <functional>
#include <optional>

class QSqlDatabase;
class QSqlError;
class QSqlQuery;

namespace qc {

// What a run's result does not know about itself: who started it, where it ran, how it ended.
struct RunContext
{
    QString source; // "cli", "gui" or "scale"
    QString profile;
    QString launcher; // local, ssh or slurm; empty for threads and serial runs
    QDateTime startedAt; // invalid: the finish time less the run's seconds
    QDateTime finishedAt; // invalid: now
    int exitStatus = 0; // as `analyze` exits: 0 every file read, 3 some rejected, 1 outputs failed
    QStringList errors; // sentences about the run: rejected files, lost engines, failed outputs
    QStringList outputs; // files and folders the run's outputs were written to
};

struct FolderRecord
{
    QString path;
    QString name;
    int files = 0;
    qint64 reads = 0;
};

// A run as the history lists it, without its results.
struct RunRecord
{
    qint64 id = 0;
    QDateTime startedAt;
    QDateTime finishedAt;
    QString source;
    QString profile;
    QString launcher;
    QStringList hosts; // every host an engine ran on
    QString mode;
    int engines = 0;
    double wallSeconds = 0;
    double startupSeconds = 0;
    std::optional<double> serialSeconds;
    std::optional<double> idealSeconds;
    std::optional<double> speedup;
    std::optional<double> efficiency;
    int exitStatus = 0;
    QStringList errors;
    QStringList outputs;
    QList<FolderRecord> folders; // in the order the run had them
};

struct HistoryFilter
{
    QString profile; // exactly this profile
    QString folder; // a folder whose path or name contains this text
    int limit = 0; // the newest N runs; 0: all
};

class HistoryDb
{
public:
    // `path` defaults to defaultPath(); tests give their own.
    explicit HistoryDb(QString path = {});
    ~HistoryDb();
    HistoryDb(const HistoryDb &) = delete;
    HistoryDb &operator=(const HistoryDb &) = delete;

    // <AppDataLocation>/history.sqlite, which XDG_DATA_HOME moves.
    static QString defaultPath();
    QString path() const { return m_path; }

    // Opens the database, creating it. False when history is off for now (locked by another
    // QualCluster, written by a newer version, a full disk, no SQLite driver): errorString() says
    // why and the file is left as it is. A corrupt file is moved aside and a new one started:
    // notice() then says where it went.
    bool open();
    bool isOpen() const { return m_open; }
    QString notice() const { return m_notice; }
    QString errorString() const { return m_error; }

    // Each returns nullopt (false) with errorString() set when it could not be done.
    std::optional<qint64> record(const RunResult &run, const RunContext &context);
    std::optional<QList<RunRecord>> list(const HistoryFilter &filter = {});
    std::optional<RunRecord> summary(qint64 id); // nullopt also when there is no such run
    std::optional<RunResult> load(qint64 id);
    bool remove(qint64 id);
    std::optional<int> prune(const QDateTime &olderThan); // how many runs went

private:
    // False when history is off; `damage` then says why the file is damaged, if that is why.
    bool openFile(QString *damage);
    bool moveAside(const QString &why);
    void closeConnection();
    QSqlDatabase database() const;
    // Runs `work` as one write transaction; rolls back on any error, which it returns.
    QSqlError transaction(const std::function<QSqlError(QSqlQuery &)> &work);
    bool fail(const QString &doing, const QSqlError &error);
    std::optional<QList<RunRecord>> records(const QString &where, const QVariantList &values, int limit);

    QString m_path;
    QString m_connection; // this object's own QSqlDatabase connection name
    bool m_open = false;
    QString m_error;
    QString m_notice;
};

} // namespace qc
