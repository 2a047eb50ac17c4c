// What this build is made of, for `--version` and bug reports.
#pragma once

#include <QString>

namespace qc {

// "qualcluster 0.1.0" and the versions of the libraries it runs with: Qt (at run time, and the
// one it was built with when they differ) and Staden io_lib (its headers' version and the
// library's soname, which is loaded when the first trace is read).
QString versionText();

} // namespace qc
