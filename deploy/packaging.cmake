# Debian packages (CPack's DEB generator): hall-kiosk (kiosk, kiosk-sync, assets, the cage session, the sync
# timer) and hall-hqd (hqd, its assets, its hardened service). `cpack -G DEB` in a release build folder
# writes both; deploy/package-test.sh builds, lints, installs, upgrades and runs them.
include(GNUInstallDirs)
set(HALL_PACKAGE_VERSION "${PROJECT_VERSION}" CACHE STRING "Version written into the Debian packages")
set(HALL_MAINTAINER "Service-hall kiosk team <kiosk@zzgxq.gov.cn>" CACHE STRING "Maintainer of the Debian packages")
set(DEB_DIR ${CMAKE_SOURCE_DIR}/deploy/debian)
set(UNIT_DIR /lib/systemd/system)

# --- hall-kiosk ---
install(TARGETS kiosk kiosk-sync RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT kiosk)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/assets/ DESTINATION ${CMAKE_INSTALL_DATADIR}/hall-kiosk/assets COMPONENT kiosk)
install(PROGRAMS ${CMAKE_SOURCE_DIR}/deploy/systemd/kiosk-session DESTINATION lib/hall-kiosk COMPONENT kiosk)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/systemd/hall-kiosk.service ${CMAKE_SOURCE_DIR}/deploy/systemd/hall-kiosk-sync.service
  ${CMAKE_SOURCE_DIR}/deploy/systemd/hall-kiosk-sync.timer DESTINATION ${UNIT_DIR} COMPONENT kiosk)
# The appliance's config: the documented default with the database under /var/lib and no demo operator PIN.
file(READ ${CMAKE_SOURCE_DIR}/assets/config/kiosk.toml KIOSK_TOML)
string(REPLACE "database = \"kiosk.db\"" "database = \"/var/lib/hall-kiosk/kiosk.db\"" KIOSK_TOML "${KIOSK_TOML}")
string(REGEX REPLACE "# argon2id hash of the operator PIN[^\n]*\n[^\n]*\n"
  "# argon2id hash of the operator PIN: make one with `kiosk --hash-pin` and put it here. Empty: no operator screen.\n" KIOSK_TOML "${KIOSK_TOML}")
string(REGEX REPLACE "operator_pin_hash = \"[^\"]*\"" "operator_pin_hash = \"\"" KIOSK_TOML "${KIOSK_TOML}")
file(WRITE ${CMAKE_BINARY_DIR}/package/etc/hall-kiosk/kiosk.toml "${KIOSK_TOML}")
install(FILES ${CMAKE_BINARY_DIR}/package/etc/hall-kiosk/kiosk.toml DESTINATION /etc/hall-kiosk COMPONENT kiosk)

# --- hall-hqd ---
install(TARGETS hqd RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT hqd)
foreach(dir i18n reasons calendar console)
  install(DIRECTORY ${CMAKE_SOURCE_DIR}/assets/${dir} DESTINATION ${CMAKE_INSTALL_DATADIR}/hall-hqd/assets COMPONENT hqd)
endforeach()
install(FILES ${CMAKE_SOURCE_DIR}/deploy/systemd/hall-hqd.service DESTINATION ${UNIT_DIR} COMPONENT hqd)
install(FILES ${DEB_DIR}/hall-hqd/default DESTINATION /etc/default RENAME hall-hqd COMPONENT hqd)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/nginx-hqd.conf DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/hall-hqd/examples
  RENAME nginx.conf COMPONENT hqd)

# Each package's copyright and changelog, as Debian policy asks (gzip -n: no timestamp in the file).
string(TIMESTAMP HALL_CHANGELOG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
foreach(pkg hall-kiosk hall-hqd)
  string(REPLACE "hall-" "" comp ${pkg})
  configure_file(${DEB_DIR}/changelog.in ${CMAKE_BINARY_DIR}/package/${pkg}/changelog @ONLY)
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/package/${pkg}/changelog.gz
    COMMAND gzip -9nkf ${CMAKE_BINARY_DIR}/package/${pkg}/changelog
    DEPENDS ${CMAKE_BINARY_DIR}/package/${pkg}/changelog)
  add_custom_target(${pkg}_changelog ALL DEPENDS ${CMAKE_BINARY_DIR}/package/${pkg}/changelog.gz)
  install(FILES ${CMAKE_BINARY_DIR}/package/${pkg}/changelog.gz DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${pkg} COMPONENT ${comp})
  install(FILES ${DEB_DIR}/copyright DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${pkg} COMPONENT ${comp})
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL kiosk hqd)
set(CPACK_PACKAGE_VERSION ${HALL_PACKAGE_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${HALL_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://zwfw.zzgxq.gov.cn/")
set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME hall-kiosk)
set(CPACK_DEBIAN_KIOSK_DESCRIPTION "Service-hall touch kiosk (局长科长坐窗口, 好差评, 办不成事)
The full-screen kiosk of a government service hall: who sits the windows
today, ratings, reports of matters that could not be done, and the
officials' check-in and check-out, kept in a local SQLite database and
synced to the bureau's hqd. Runs under cage on tty1 at boot.")
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS "adduser, init-system-helpers (>= 1.50), cage, xwayland, fonts-noto-cjk, fonts-hanazono, fonts-babelstone-han")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
  "${DEB_DIR}/hall-kiosk/postinst;${DEB_DIR}/hall-kiosk/prerm;${DEB_DIR}/hall-kiosk/postrm;${DEB_DIR}/hall-kiosk/conffiles")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_HQD_PACKAGE_NAME hall-hqd)
set(CPACK_DEBIAN_HQD_DESCRIPTION "Service-hall HQ service (hqd)
The bureau's central service for the service-hall kiosks: receives every
record, serves the schedules and reference data, and writes the quarterly
tables. Listens on 127.0.0.1 behind a reverse proxy; data in
/var/lib/hall-hqd.")
set(CPACK_DEBIAN_HQD_PACKAGE_DEPENDS "adduser, init-system-helpers (>= 1.50), libjs-chart.js")
set(CPACK_DEBIAN_HQD_PACKAGE_CONTROL_EXTRA
  "${DEB_DIR}/hall-hqd/postinst;${DEB_DIR}/hall-hqd/prerm;${DEB_DIR}/hall-hqd/postrm;${DEB_DIR}/hall-hqd/conffiles")
set(CPACK_DEBIAN_HQD_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
