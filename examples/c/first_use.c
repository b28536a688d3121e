/* A first use of the orbit C API: open a store, bootstrap an admin, provision a facility, list its rooms.
 * Build: bindings/c/install.sh /tmp/orbit && gcc -std=c11 examples/c/first_use.c $(PKG_CONFIG_PATH=/tmp/orbit/lib/pkgconfig pkg-config --cflags --libs orbit) -Wl,-rpath,/tmp/orbit/lib */
#include <stdio.h>
#include <string.h>

#include "orbit.h"

static int check(int32_t status, const char *what) {
    if (status != ORBIT_OK) {
        fprintf(stderr, "%s failed: %s (%s)\n", what, orbit_status_name(status), orbit_last_error());
        return 1;
    }
    return 0;
}

int main(void) {
    uint64_t store = 0, system = 0;
    char *out = NULL;
    if (check(orbit_open(":memory:", &store), "open")) return 1;
    if (check(orbit_scope_system(store, &system), "scope")) return 1;
    if (check(orbit_call(system, "bootstrap_global_admin",
                         "{\"user\": {\"first_name\": \"Grace\", \"last_name\": \"Hopper\"}}", &out),
              "bootstrap")) return 1;
    printf("admin: %s\n", out);
    orbit_string_free(out);
    if (check(orbit_call(system, "provision_facility", "{\"facility\": {\"name\": \"Riverside ASC\"}}", &out),
              "provision")) return 1;
    printf("provisioned: %s\n", out);
    orbit_string_free(out);
    orbit_scope_free(system);
    orbit_store_free(store);
    return 0;
}
