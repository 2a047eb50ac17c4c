#include "buildinfo.h"

#include <QtGlobal>

namespace qc {

QString versionText()
{
    const QString runtimeQt = QString::fromLatin1(qVersion());
    QString qt = QStringLiteral("Qt ") + runtimeQt;
    if (runtimeQt != QLatin1StringView(QT_VERSION_STR))
        qt += QStringLiteral(" (built with ") + QLatin1StringView(QT_VERSION_STR) + u')';
    return QStringLiteral("qualcluster " QUALCLUSTER_VERSION "\n") + qt
        + QStringLiteral("\nStaden io_lib " QUALCLUSTER_IOLIB_VERSION " (" QUALCLUSTER_IOLIB_SONAME ")\n");
}

} // namespace qc
