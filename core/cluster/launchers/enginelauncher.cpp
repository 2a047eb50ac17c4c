#include "enginelauncher.h"

#include "locallauncher.h"
#include "slurmlauncher.h"
#include "sshlauncher.h"

#include <QRegularExpression>

namespace qc {

std::unique_ptr<EngineLauncher> EngineLauncher::create(const Profile &profile, const QString &localEngine)
{
    const QString engine = profile.engineCommand.isEmpty() ? localEngine : profile.engineCommand;
    if (profile.launcher == u"slurm")
        return std::make_unique<SlurmLauncher>(profile, engine);
    if (profile.launcher == u"ssh")
        return std::make_unique<SshLauncher>(profile, engine);
    return std::make_unique<LocalLauncher>(localEngine);
}

QString EngineLauncher::addressText(const Endpoint &address)
{
    return address.port == 0 ? QStringLiteral("%1:<port>").arg(address.host)
                             : QStringLiteral("%1:%2").arg(address.host).arg(address.port);
}

QString EngineLauncher::shellQuote(const QString &word)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:=@%+,-]+$"));
    if (plain.match(word).hasMatch())
        return word;
    QString quoted = word;
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}

} // namespace qc
