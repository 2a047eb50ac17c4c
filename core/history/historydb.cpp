#include "historydb.h"

#include "historyschema.h"

#include <QAtomicInt>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStorageInfo>

namespace qc {

namespace {

// A second QualCluster writing at the same moment holds the lock for milliseconds; one that
// holds it longer is stuck, and this run should not wait for it.
constexpr int kBusyTimeoutMs = 2000;

// Less than this left on the history's disk, and an I/O error there is taken for a full disk: a
// run's record needs a few pages, its write-ahead log and shared memory file some more.
constexpr qint64 kFullDiskBytes = 256 * 1024;

// SQLite's primary result codes, as Qt's driver gives them in nativeErrorCode().
enum SqliteCode {
    Busy = 5,
    Locked = 6,
    ReadOnly = 8,
    IoError = 10,
    Corrupt = 11,
    CantOpen = 14,
    Full = 13,
    NotADb = 26
};

int sqliteCode(const QSqlError &error)
{
    return error.nativeErrorCode().toInt() & 0xff;
}

bool isDamaged(const QSqlError &error)
{
    return sqliteCode(error) == Corrupt || sqliteCode(error) == NotADb;
}

// SQLite says "full" only when a write to the database itself ran out; growing its shared-memory
// file on a full disk is a plain I/O error. What the disk has left tells the two apart.
bool diskIsFull(const QString &path)
{
    const QStorageInfo disk(QFileInfo(path).absolutePath());
    return disk.isValid() && disk.bytesAvailable() < kFullDiskBytes;
}

} // namespace

HistoryDb::HistoryDb(QString path)
    : m_path(path.isEmpty() ? defaultPath() : std::move(path))
{
    static QAtomicInt connections;
    m_connection = QStringLiteral("qualcluster-history-%1").arg(connections.fetchAndAddRelaxed(1));
}

HistoryDb::~HistoryDb()
{
    closeConnection();
}

QString HistoryDb::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/history.sqlite");
}

QSqlDatabase HistoryDb::database() const
{
    return QSqlDatabase::database(m_connection, false);
}

void HistoryDb::closeConnection()
{
    m_open = false;
    {
        QSqlDatabase db = database();
        if (db.isValid())
            db.close();
    }
    if (QSqlDatabase::contains(m_connection))
        QSqlDatabase::removeDatabase(m_connection);
}

bool HistoryDb::fail(const QString &doing, const QSqlError &error)
{
    const int code = sqliteCode(error);
    switch (code == IoError && diskIsFull(m_path) ? int(Full) : code) {
    case Busy:
    case Locked:
        m_error = QStringLiteral("The run history %1 is locked by another QualCluster; %2.").arg(m_path, doing);
        break;
    case Full:
        m_error = QStringLiteral("The disk that holds the run history %1 is full; %2.").arg(m_path, doing);
        break;
    case ReadOnly:
    case CantOpen:
    case IoError:
        m_error = QStringLiteral("Cannot write the run history %1 (%2); %3.").arg(m_path, error.databaseText(), doing);
        break;
    default:
        m_error = QStringLiteral("The run history %1 failed (%2); %3.").arg(m_path, error.text(), doing);
    }
    return false;
}

// Runs `work` as one write transaction (BEGIN IMMEDIATE takes the write lock at once, so a busy
// database waits the busy timeout here rather than failing halfway); rolls back on any error.
QSqlError HistoryDb::transaction(const std::function<QSqlError(QSqlQuery &)> &work)
{
    QSqlQuery query(database());
    if (!query.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return query.lastError();
    QSqlError error = work(query);
    if (error.type() == QSqlError::NoError && !query.exec(QStringLiteral("COMMIT")))
        error = query.lastError();
    if (error.type() != QSqlError::NoError)
        query.exec(QStringLiteral("ROLLBACK"));
    return error;
}

bool HistoryDb::open()
{
    m_error.clear();
    m_notice.clear();
    closeConnection();
    QString damage;
    if (!openFile(&damage)) {
        // Moved aside only once openFile()'s queries are gone: a connection in use cannot close.
        if (damage.isEmpty() || !moveAside(damage))
            return false;
        if (!openFile(&damage)) {
            if (!damage.isEmpty())
                m_error = QStringLiteral("The new run history %1 is damaged too (%2); history is off for this run.")
                              .arg(m_path, damage);
            return false;
        }
    }
    m_open = true;
    return true;
}

bool HistoryDb::openFile(QString *damage)
{
    const QString off = QStringLiteral("history is off for this run");
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        m_error =
            QStringLiteral("Qt's SQLite driver is not installed (Debian's libqt6sql6-sqlite); the run history is off.");
        return false;
    }
    const QString folder = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(folder)) {
        m_error = QStringLiteral("Cannot create the folder %1 for the run history; %2.").arg(folder, off);
        return false;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    if (!db.open())
        return fail(off, db.lastError());

    QSqlQuery query(db);
    // Read before anything is written: a newer version's file must stay as it is.
    const auto failed = [&](const QSqlError &error) {
        if (isDamaged(error))
            *damage = error.databaseText();
        else
            fail(off, error);
        return false;
    };
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return failed(query.lastError());
    const int version = query.value(0).toInt();
    if (version > kHistorySchemaVersion) {
        m_error =
            QStringLiteral("The run history %1 was written by a newer QualCluster (schema %2; this one knows %3): "
                           "it is left as it is, and history is off for this run.")
                .arg(m_path)
                .arg(version)
                .arg(kHistorySchemaVersion);
        return false;
    }
    if (!query.exec(QStringLiteral("PRAGMA quick_check(1)")) || !query.next())
        return failed(query.lastError());
    if (const QString check = query.value(0).toString(); check != u"ok") {
        *damage = check;
        return false;
    }
    // WAL: a crash mid-write leaves the last committed state, and readers never wait for a writer.
    if (!query.exec(QStringLiteral("PRAGMA journal_mode=WAL"))
        || !query.exec(QStringLiteral("PRAGMA synchronous=NORMAL"))
        || !query.exec(QStringLiteral("PRAGMA foreign_keys=ON")))
        return failed(query.lastError());
    if (version == kHistorySchemaVersion)
        return true;
    const QSqlError error = transaction([](QSqlQuery &create) {
        QStringList statements = historySchemaStatements();
        statements.append(QStringLiteral("PRAGMA user_version = %1").arg(kHistorySchemaVersion));
        for (const QString &statement : std::as_const(statements))
            if (!create.exec(statement))
                return create.lastError();
        return QSqlError();
    });
    return error.type() == QSqlError::NoError || failed(error);
}

bool HistoryDb::moveAside(const QString &why)
{
    closeConnection();
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString target = m_path + QStringLiteral(".corrupt-") + stamp;
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = m_path + QStringLiteral(".corrupt-%1-%2").arg(stamp).arg(n);
    QFile file(m_path);
    if (!file.rename(target)) {
        m_error = QStringLiteral("The run history %1 is damaged (%2) and cannot be moved aside (%3); history is off "
                                 "for this run.")
                      .arg(m_path, why, file.errorString());
        return false;
    }
    // Its write-ahead log belongs to it: it goes along, so nothing of the old file is lost.
    for (const QString &suffix : {QStringLiteral("-wal"), QStringLiteral("-shm")})
        if (QFileInfo::exists(m_path + suffix))
            QFile::rename(m_path + suffix, target + suffix);
    m_notice = QStringLiteral("The run history %1 was damaged (%2); it was moved to %3 and a new history started.")
                   .arg(m_path, why, target);
    return true;
}

} // namespace qc
