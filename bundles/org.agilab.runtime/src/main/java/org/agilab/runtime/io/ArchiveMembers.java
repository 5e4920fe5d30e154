package org.agilab.runtime.io;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a zip member lands when it is extracted under a folder. One rule for every archive AGILab unpacks (sample
 * datasets, app archives): a member whose name could land outside the folder (absolute, a drive letter, a {@code ..}
 * segment, a backslash) has no place, and the archive is refused whole before anything is written.
 */
public final class ArchiveMembers {

    private ArchiveMembers() {
    }

    /**
     * @param root the folder the archive is extracted into
     * @param name the member's name as the archive stores it
     * @param directory whether the member is a folder (only a folder member may name the root itself)
     * @return the member's place under {@code root}, or null when it could land anywhere else
     */
    public static Path place(Path root, String name, boolean directory) {
        if (name.startsWith("/") || name.contains("\\") || startsWithDriveLetter(name) || List.of(name.split("/")).contains("..")) {
            return null;
        }
        Path place;
        try {
            place = root.resolve(name).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
        boolean inside = place.startsWith(root) && (directory || !place.equals(root));
        return inside ? place : null;
    }

    private static boolean startsWithDriveLetter(String name) {
        return name.length() >= 2 && Character.isLetter(name.charAt(0)) && name.charAt(1) == ':';
    }
}
