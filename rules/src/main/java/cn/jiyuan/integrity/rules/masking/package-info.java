/** Masking of personal data (第三条 保护个人隐私; API.md §Masking). */
package cn.jiyuan.integrity.rules.masking;
