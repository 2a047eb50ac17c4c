#include "profilestore.h"

#include "protocol/transport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QThread>

namespace qc {

namespace {

const QString kDefaultName = QStringLiteral("default");
constexpr int kMaxEngines = 256;

QJsonObject toJson(const Profile &profile)
{
    QJsonObject json{{QStringLiteral("name"), profile.name},
                     {QStringLiteral("engines"), profile.engines},
                     {QStringLiteral("launcher"), profile.launcher}};
    const auto text = [&json](const char *key, const QString &value) {
        if (!value.isEmpty())
            json.insert(QLatin1String(key), value);
    };
    const auto list = [&json](const char *key, const QStringList &value) {
        if (!value.isEmpty())
            json.insert(QLatin1String(key), QJsonArray::fromStringList(value));
    };
    text("listen", profile.listen);
    text("engine_command", profile.engineCommand);
    text("partition", profile.partition);
    text("time", profile.time);
    text("account", profile.account);
    list("sbatch_args", profile.sbatchArgs);
    list("hosts", profile.hosts);
    list("ssh_args", profile.sshArgs);
    if (profile.sharedFilesystem)
        json.insert(QStringLiteral("shared_filesystem"), true);
    text("path_map", profile.pathMap);
    return json;
}

Profile fromJson(const QString &name, const QJsonObject &json)
{
    const auto list = [&json](const char *key) {
        QStringList values;
        const QJsonArray array = json.value(QLatin1String(key)).toArray();
        for (const QJsonValue value : array)
            values.append(value.toString());
        return values;
    };
    Profile profile;
    profile.name = name;
    profile.engines = json.value(QStringLiteral("engines")).toInt(0);
    profile.launcher = json.value(QStringLiteral("launcher")).toString(QStringLiteral("local"));
    profile.listen = json.value(QStringLiteral("listen")).toString();
    profile.engineCommand = json.value(QStringLiteral("engine_command")).toString();
    profile.partition = json.value(QStringLiteral("partition")).toString();
    profile.time = json.value(QStringLiteral("time")).toString();
    profile.account = json.value(QStringLiteral("account")).toString();
    profile.sbatchArgs = list("sbatch_args");
    profile.hosts = list("hosts");
    profile.sshArgs = list("ssh_args");
    profile.sharedFilesystem = json.value(QStringLiteral("shared_filesystem")).toBool();
    profile.pathMap = json.value(QStringLiteral("path_map")).toString();
    return profile;
}

} // namespace

std::optional<QString> ProfileStore::check(const Profile &profile)
{
    if (profile.engines < 1 || profile.engines > kMaxEngines)
        return QStringLiteral("A profile needs 1 to %1 engines, not %2.").arg(kMaxEngines).arg(profile.engines);
    if (profile.launcher != u"local" && profile.launcher != u"slurm" && profile.launcher != u"ssh")
        return QStringLiteral("Unknown launcher \"%1\": use local, slurm or ssh.").arg(profile.launcher);
    if (profile.launcher == u"ssh" && profile.hosts.isEmpty())
        return QStringLiteral("An ssh profile needs at least one host (--host HOST[:N]).");
    for (const QString &host : profile.hosts) {
        const auto endpoint = parseEndpoint(host, 1);
        if (!endpoint || endpoint->port < 1)
            return QStringLiteral("\"%1\" is not HOST or HOST:N (N engines on that host).").arg(host);
    }
    if (!profile.listen.isEmpty() && !parseEndpoint(profile.listen))
        return QStringLiteral("\"%1\" is not an address to listen on: use HOST or HOST:PORT.").arg(profile.listen);
    if (!profile.pathMap.isEmpty() && (!profile.pathMap.contains(u'=') || profile.pathMap.startsWith(u'=')))
        return QStringLiteral("\"%1\" is not a path mapping: use LOCAL=REMOTE.").arg(profile.pathMap);
    return std::nullopt;
}

ProfileStore::ProfileStore(QString folder)
    : m_folder(folder.isEmpty()
                   ? QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/profiles")
                   : std::move(folder))
{}

bool ProfileStore::isValidName(const QString &name)
{
    // Names become file names: keep them to a safe alphabet.
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"));
    return pattern.match(name).hasMatch();
}

int ProfileStore::defaultEngineCount()
{
    return std::max(1, QThread::idealThreadCount());
}

QString ProfileStore::pathOf(const QString &name) const
{
    return m_folder + u'/' + name + QStringLiteral(".json");
}

std::optional<Profile> ProfileStore::find(const QString &name) const
{
    if (!isValidName(name))
        return std::nullopt;
    QFile file(pathOf(name));
    if (file.open(QIODevice::ReadOnly)) {
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        Profile profile = fromJson(name, json);
        if (!check(profile))
            return profile;
    }
    if (name == kDefaultName)
        return Profile{kDefaultName, defaultEngineCount()};
    return std::nullopt;
}

QList<Profile> ProfileStore::list() const
{
    QList<Profile> profiles{*find(kDefaultName)};
    const auto files = QDir(m_folder).entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const auto &file : files) {
        if (file.completeBaseName() == kDefaultName)
            continue;
        if (const auto profile = find(file.completeBaseName()))
            profiles.append(*profile);
    }
    return profiles;
}

std::optional<QString> ProfileStore::save(const Profile &profile) const
{
    if (!isValidName(profile.name))
        return QStringLiteral("\"%1\" is not a valid profile name: use letters, digits, '.', '_' and '-'.")
            .arg(profile.name);
    if (auto problem = check(profile))
        return problem;
    if (!QDir().mkpath(m_folder))
        return QStringLiteral("Cannot create the profile folder %1.").arg(m_folder);
    QSaveFile file(pathOf(profile.name));
    const QJsonObject json = toJson(profile);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(json).toJson()) < 0 || !file.commit())
        return QStringLiteral("Cannot write %1: %2").arg(file.fileName(), file.errorString());
    return std::nullopt;
}

std::optional<QString> ProfileStore::remove(const QString &name) const
{
    if (name == kDefaultName)
        return QStringLiteral("The default profile cannot be deleted.");
    QFile file(pathOf(name));
    if (!isValidName(name) || !file.exists())
        return QStringLiteral("There is no profile called \"%1\".").arg(name);
    if (!file.remove())
        return QStringLiteral("Cannot delete %1: %2").arg(file.fileName(), file.errorString());
    return std::nullopt;
}

} // namespace qc
