/** What every integrity service shares, auto-configured: each service's configuration file, the defaults, group commit, the calendar's health. */
package cn.jiyuan.integrity.support;
