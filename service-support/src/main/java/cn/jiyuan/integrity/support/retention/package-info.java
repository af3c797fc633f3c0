/** Facts leave every store when they leave retention (SCORING.md §2), on a daily purge each service runs. */
package cn.jiyuan.integrity.support.retention;
