package org.agilab.core.internal.preferences;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/** The {@link SecretStore} service of the highest ranking, or null when none is registered (no Secure Storage here). */
public final class SecretStores {

    private SecretStores() {
    }

    public static SecretStore current() {
        org.osgi.framework.Bundle bundle = FrameworkUtil.getBundle(SecretStores.class);
        BundleContext context = bundle == null ? null : bundle.getBundleContext();
        if (context == null) {
            return null;
        }
        ServiceReference<SecretStore> best = context.getServiceReference(SecretStore.class);
        return best == null ? null : context.getService(best);
    }
}
