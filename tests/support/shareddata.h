// Tests read the project's shared reference data as ../shared/... from the repository root.
// Missing data skips the test on a developer machine and fails it in CI (CI=true).
#pragma once

#include <QFileInfo>
#include <QString>
#include <QtTest>

inline QString sharedDataPath(const QString &relative)
{
    return QStringLiteral("../shared/data/real/") + relative;
}

#define QC_REQUIRE_SHARED(path)                                                                                        \
    do {                                                                                                               \
        if (!QFileInfo::exists(path)) {                                                                                \
            if (qEnvironmentVariableIsSet("CI"))                                                                       \
                QFAIL(qPrintable(QStringLiteral("shared reference file missing: ") + (path)));                         \
            QSKIP(qPrintable(QStringLiteral("shared reference file missing: ") + (path)));                             \
        }                                                                                                              \
    } while (false)
