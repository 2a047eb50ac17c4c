#include "clusterregistry.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

#include <cerrno>
#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

namespace qc {

namespace {

const QString kSuffix = QStringLiteral(".cluster.json");

// Only the owner may read or write: the file holds the secret that lets a client attach.
std::optional<QString> checkPrivate(const QString &path, bool folder)
{
    struct stat info = {};
    if (::lstat(QFile::encodeName(path).constData(), &info) != 0)
        return QStringLiteral("cannot look at %1: %2").arg(path, QString::fromLocal8Bit(strerror(errno)));
    if (folder ? !S_ISDIR(info.st_mode) : !S_ISREG(info.st_mode))
        return QStringLiteral("%1 is not a %2")
            .arg(path, folder ? QStringLiteral("folder") : QStringLiteral("plain file"));
    if (info.st_uid != ::geteuid())
        return QStringLiteral("%1 belongs to another user (uid %2)").arg(path).arg(info.st_uid);
    if ((info.st_mode & 0077) != 0)
        return QStringLiteral("%1 can be read by other users (mode %2)")
            .arg(path)
            .arg(info.st_mode & 0777, 3, 8, QLatin1Char('0'));
    return std::nullopt;
}

} // namespace

ClusterRegistry::ClusterRegistry(QString folder)
    : m_folder(folder.isEmpty() ? defaultFolder() : std::move(folder))
{}

QString ClusterRegistry::defaultFolder()
{
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtime.isEmpty())
        return runtime + QStringLiteral("/qualcluster");
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/run");
}

QString ClusterRegistry::statePath(const QString &profile) const
{
    return m_folder + u'/' + profile + kSuffix;
}

QString ClusterRegistry::socketPath(const QString &profile) const
{
    return m_folder + u'/' + profile + QStringLiteral(".sock");
}

QString ClusterRegistry::logPath(const QString &profile) const
{
    return m_folder + u'/' + profile + QStringLiteral(".log");
}

std::optional<QString> ClusterRegistry::ensurePrivateFolder() const
{
    if (!QFileInfo::exists(m_folder)) {
        if (!QDir().mkpath(m_folder))
            return QStringLiteral("Cannot create the cluster folder %1.").arg(m_folder);
        ::chmod(QFile::encodeName(m_folder).constData(), 0700);
    }
    if (const auto problem = checkPrivate(m_folder, true))
        return QStringLiteral("The cluster folder is not private: %1.").arg(*problem);
    return std::nullopt;
}

std::optional<QString> ClusterRegistry::write(const ClusterRecord &record) const
{
    if (auto problem = ensurePrivateFolder())
        return problem;
    QJsonObject object{
        {QStringLiteral("profile"), record.profile},
        {QStringLiteral("pid"), record.pid},
        {QStringLiteral("socket"), record.socket},
        {QStringLiteral("secret"), QString::fromLatin1(record.secret.toHex())},
        {QStringLiteral("started_ms"), record.startedMs},
        {QStringLiteral("launcher"), record.launcher},
        {QStringLiteral("engines"), record.engines},
        {QStringLiteral("protocol"), record.protocol},
    };
    QSaveFile file(statePath(record.profile));
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("Cannot write %1: %2").arg(file.fileName(), file.errorString());
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QJsonDocument(object).toJson());
    if (!file.commit())
        return QStringLiteral("Cannot write %1: %2").arg(file.fileName(), file.errorString());
    return std::nullopt;
}

std::variant<std::nullopt_t, ClusterRecord, QString> ClusterRegistry::read(const QString &profile) const
{
    const QString path = statePath(profile);
    if (!QFileInfo::exists(path))
        return std::nullopt;
    if (const auto problem = checkPrivate(path, false))
        return QStringLiteral("The state file of cluster \"%1\" is unsafe: %2.").arg(profile, *problem);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("Cannot read %1: %2").arg(path, file.errorString());
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.read(64 * 1024), &error);
    const QJsonObject object = document.object();
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return QStringLiteral("The state file %1 is corrupt: %2 at byte %3.")
            .arg(path, error.errorString())
            .arg(error.offset);
    ClusterRecord record;
    record.profile = object.value(QStringLiteral("profile")).toString();
    record.pid = object.value(QStringLiteral("pid")).toInteger();
    record.socket = object.value(QStringLiteral("socket")).toString();
    record.secret = QByteArray::fromHex(object.value(QStringLiteral("secret")).toString().toLatin1());
    record.startedMs = object.value(QStringLiteral("started_ms")).toInteger();
    record.launcher = object.value(QStringLiteral("launcher")).toString();
    record.engines = object.value(QStringLiteral("engines")).toInt();
    record.protocol = object.value(QStringLiteral("protocol")).toInt();
    if (record.profile != profile || record.pid <= 0 || record.socket.isEmpty() || record.secret.size() < 16)
        return QStringLiteral("The state file %1 is corrupt: it does not describe a controller of \"%2\".")
            .arg(path, profile);
    return record;
}

void ClusterRegistry::remove(const QString &profile) const
{
    QFile::remove(statePath(profile));
}

bool ClusterRegistry::controllerAlive(qint64 pid)
{
    if (pid <= 0 || (::kill(pid_t(pid), 0) != 0 && errno == ESRCH))
        return false;
    // A PID can be reused once the controller is gone: it must still be a qualcluster process.
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (!cmdline.open(QIODevice::ReadOnly))
        return false;
    return cmdline.readAll().contains("qualcluster");
}

std::optional<ClusterRecord> ClusterRegistry::running(const QString &profile, QString *note) const
{
    const auto state = read(profile);
    if (const auto *problem = std::get_if<QString>(&state)) {
        if (note)
            *note = *problem + QStringLiteral(" It was removed.");
        remove(profile);
        return std::nullopt;
    }
    const auto *record = std::get_if<ClusterRecord>(&state);
    if (!record)
        return std::nullopt;
    if (!controllerAlive(record->pid)) {
        // A controller that was killed could not clean up after itself.
        remove(profile);
        QFile::remove(record->socket);
        return std::nullopt;
    }
    return *record;
}

QList<ClusterRecord> ClusterRegistry::list(QStringList *notes) const
{
    QList<ClusterRecord> records;
    const QDir dir(m_folder);
    for (const QString &name : dir.entryList({QStringLiteral("*") + kSuffix}, QDir::Files | QDir::System, QDir::Name)) {
        QString note;
        if (const auto record = running(name.chopped(kSuffix.size()), &note))
            records.append(*record);
        if (!note.isEmpty() && notes)
            notes->append(note);
    }
    return records;
}

} // namespace qc
